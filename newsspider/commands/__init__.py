"""Project commands: `crawl` with argument checks up front, `extract` for saved pages, `crawlstatus` for
distributed rounds, and `rebuild-state`."""
