"""Learned models shipped with the package (rebuilt by the scripts in benchmarks/)."""
