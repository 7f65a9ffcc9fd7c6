"""Datasets from the output: the Arrow schema of a record, the Parquet feed exporter and the snapshot."""
