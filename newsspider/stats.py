"""Stats keys that more than one component writes or reads."""

from __future__ import annotations

OFFSITE = "newsspider/skipped/offsite"  # requests outside the crawl's scope, never sent
NON_ARTICLE = "newsspider/non_article/"  # + the page's kind: pages fetched, classified, and not written
DROPPED_NON_ARTICLE = "newsspider/dropped/non_article"  # items the validation pipeline took for no article
LINKS_CAPPED = "newsspider/links_capped"  # pages with more links than NEWSSPIDER_MAX_LINKS_PER_PAGE
PAGES_FETCHED = "newsspider/pages/fetched"  # page requests (start pages, links, sitemap entries) answered
PAGES_FAILED = "newsspider/pages/failed"  # page requests that ended in a network or HTTP error
START_PAGES = "newsspider/pages/start"
START_PAGES_FAILED = "newsspider/pages/start_failed"
EXTRACT_TIMEOUT = "newsspider/failed/extract_timeout"  # pages abandoned past NEWSSPIDER_EXTRACT_TIMEOUT
STORE_FAILURES = "newsspider/store_errors"  # state store operations that failed (full disk, damaged file)
