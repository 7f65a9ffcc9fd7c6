"""Scrapy settings of newsspider: polite defaults, the pipelines, and the NEWSSPIDER_* options."""

from __future__ import annotations

BOT_NAME = "newsspider"
SPIDER_MODULES = ["newsspider.spiders"]
NEWSPIDER_MODULE = "newsspider.spiders"
COMMANDS_MODULE = "newsspider.commands"

# --- newsspider's own options (README: "Settings") ---
NEWSSPIDER_OUTPUT_DIR = "output"  # where the JSON Lines files are written
NEWSSPIDER_STATE = None  # path of the SQLite dedup store; None: <NEWSSPIDER_OUTPUT_DIR>/state.sqlite
NEWSSPIDER_MIN_BODY_CHARS = 250  # a shorter body means the page is no article
NEWSSPIDER_FSYNC = True  # fsync each written line before marking the article seen
# keep each written article's HTTP exchange in <NEWSSPIDER_OUTPUT_DIR>/<spider>-<time>.warc.gz; off by default:
# the raw pages take about ten times the disk of the JSON Lines (README: "WARC capture")
NEWSSPIDER_WARC = False
NEWSSPIDER_CONDITIONAL_REQUESTS = True  # If-None-Match / If-Modified-Since for articles already written
NEWSSPIDER_DISK_QUEUE = True  # keep each run's request queue on disk (a temporary JOBDIR) unless JOBDIR is set
NEWSSPIDER_MAX_LINKS_PER_PAGE = 2000  # links followed from one page at most (300,000 is a trap); 0: no cap
NEWSSPIDER_MAX_RETRY_AFTER = 60  # seconds of Retry-After honoured; a longer wait is a failure
NEWSSPIDER_MAX_FAILED_SHARE = 0.5  # a run with a larger share of failed pages exits with status 1
NEWSSPIDER_SUMMARY = True  # log the run summary and judge the run (exit status 1 when it failed)
NEWSSPIDER_EXTRACT_POOL = "process"  # where pages are read: "process", "thread", or "none" (the reactor thread)
NEWSSPIDER_EXTRACT_WORKERS = 2  # processes (or threads) of that pool
NEWSSPIDER_EXTRACT_TIMEOUT = 20  # seconds a page may take to be read; a slower one is abandoned and counted
NEWSSPIDER_REDIS_URL = None  # redis://host:6379/0: distributed mode (shared queue, dedup and versions)
NEWSSPIDER_REDIS_ROUND = "auto"  # the round's name; auto: join the crawl's round in progress, or start one
NEWSSPIDER_REDIS_IDLE_CLOSE = 30  # seconds a worker with nothing to do waits for work before it closes
NEWSSPIDER_REDIS_HEARTBEAT = 5  # seconds between heartbeats; a worker silent for 3 of them is dead
NEWSSPIDER_REDIS_EXPIRE = 7 * 24 * 3600  # seconds a round's keys live after its last heartbeat
# --- monitoring (README: "Monitoring") ---
NEWSSPIDER_HISTORY_RUNS = 30  # runs whose health per site the state store keeps; 0: no history, no site monitor
NEWSSPIDER_MONITOR_RUNS = 5  # a site is compared with its median over this many of its last runs
NEWSSPIDER_MONITOR_MIN_RUNS = 2  # ... once it has at least this many
NEWSSPIDER_MONITOR_MIN_ARTICLES = 10  # ... and this run wrote at least this many of its articles
NEWSSPIDER_MONITOR_MAX_DROP = 0.25  # a field's share may fall this much below the median (0.90 -> 0.65)
NEWSSPIDER_MONITOR_MAX_WORDS_DROP = 0.5  # the median word count may fall by this share of the site's median
NEWSSPIDER_MONITOR_MAX_DROPPED_SHARE = 0.5  # of the items, dropped as no article (no title, too short a body)
NEWSSPIDER_MONITOR_ACTIONS: list[str] = []  # spidermon actions run when a monitor fails (e-mail, Slack...)
NEWSSPIDER_MONITORS_FAIL_RUN = False  # a failed monitor makes the crawl exit with status 5
NEWSSPIDER_REPORT = True  # write <output>/<spider>-<time>.report.html at the end of each run
NEWSSPIDER_PROGRESS = True  # on a terminal, a live line of pages, articles, failures and rate
NEWSSPIDER_CONTACT = "https://github.com/newsspider/newsspider"  # shown in the User-Agent: set your own

# --- politeness (USER_AGENT is built from NEWSSPIDER_CONTACT by newsspider.addons.ContactUserAgent) ---
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_SLOTS = {"local-files": {"concurrency": 1, "delay": 0, "jitter": 0}}  # file:// pages, in order
DEPTH_LIMIT = 4  # links followed from a start page (sitemaps and feeds count as one level each)
RETRY_TIMES = 3
REDIRECT_MAX_TIMES = 10  # longer chains and loops are abandoned
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

ADDONS = {
    "newsspider.addons.ContactUserAgent": 0,
    "newsspider.addons.RedisMode": 0,  # switches to scrapy-redis when NEWSSPIDER_REDIS_URL is set
}
ITEM_PIPELINES = {
    "newsspider.pipelines.ValidatePipeline": 100,
    "newsspider.pipelines.DeduplicatePipeline": 300,
    "newsspider.pipelines.WritePipeline": 800,
}
# Where the writer pipeline writes each article (newsspider/pipelines/sinks/): a new output is one sink here.
NEWSSPIDER_SINKS_BASE = {
    "newsspider.pipelines.sinks.warc.WarcSink": 50,  # NEWSSPIDER_WARC only; first: it adds the warc_* fields
    "newsspider.pipelines.sinks.jsonlines.JsonLinesSink": 100,
}
NEWSSPIDER_SINKS: dict[str, int] = {}  # the user's sinks, merged with the base (None switches one off)
SPIDER_MIDDLEWARES = {
    "newsspider.distributed.RoundProgressSpiderMiddleware": 10,  # distributed mode only
}
DOWNLOADER_MIDDLEWARES = {
    # distributed mode only; last to see failures
    "newsspider.distributed.RoundProgressDownloaderMiddleware": 10,
    # right after the offsite filter
    "newsspider.downloadermiddlewares.address_policy.AddressPolicyMiddleware": 60,
    # the spider's scope (scheme, IDNA host, port) for every request
    "newsspider.downloadermiddlewares.scope.ScopeMiddleware": 61,
    # responses come down the numbers: before RetryMiddleware (550)
    "newsspider.downloadermiddlewares.retry_after.RetryAfterMiddleware": 555,
    # after retries, before the download
    "newsspider.downloadermiddlewares.conditional.ConditionalRequestsMiddleware": 560,
    # after decompression (590) in the response chain
    "newsspider.downloadermiddlewares.charset.CharsetMiddleware": 580,
    # Scrapy's redirects, replaced by the same counting the chains it abandons
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newsspider.downloadermiddlewares.redirects.CountingRedirectMiddleware": 600,
    # NEWSSPIDER_WARC only; next to the downloader (after the HTTP cache, 900): sees responses as received
    "newsspider.downloadermiddlewares.capture.CaptureMiddleware": 950,
}
TWISTED_DNS_RESOLVER = "newsspider.network.PublicOnlyResolver"  # no private addresses from public crawls
EXTENSIONS = {
    "newsspider.monitoring.history.RunHistory": 400,  # before spidermon: its record is ready when monitors run
    "newsspider.monitoring.progress.CrawlProgress": 410,  # a terminal only
    "spidermon.contrib.scrapy.extensions.Spidermon": 450,
    "newsspider.extensions.RunSummary": 500,
}
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ("newsspider.monitoring.monitors.NewsspiderMonitors",)
# FEEDS = {"output/%(time)s.parquet": {"format": "parquet"}} (pyarrow: the parquet extra, loaded when used)
FEED_EXPORTERS = {"parquet": "newsspider.export.parquet.ParquetItemExporter"}
LOG_FORMATTER = "newsspider.logformatter.ArticleLogFormatter"
LOG_LEVEL = "INFO"
