"""Project commands: `crawl` with argument checks up front, and `extract` for saved pages."""
