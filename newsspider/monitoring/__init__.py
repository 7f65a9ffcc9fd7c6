"""Watching extraction across runs: each run's health per site, kept in the state store, checked by spidermon
monitors against the site's own past, and shown in an HTML report."""
