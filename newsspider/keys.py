"""The names components share: request-meta keys and stats keys, one constant each.

The run summary (extensions.py) and the tests read the stats back through these names, never by a string.
"""

from __future__ import annotations

# --- request meta ---
PAGE = "newsspider_page"  # a page that may be an article (not a sitemap, feed or robots.txt)
LASTMOD = "newsspider_lastmod"  # the sitemap's lastmod of that page, if any
START_PAGE = "newsspider_start_page"  # one of the run's start URLs
COPY_OF = "newsspider_copy_of"  # an AMP or print copy, fetched for the article of this page
COPY_ONLY = "newsspider_copy_only"  # that copy is the only source of the article: no fallback to the page
SOURCE = "newsspider_source"  # how the page's URL was found: one of items.SOURCES
RAW_RESPONSE = "newsspider_raw_response"  # the response as downloaded, before decoding (NEWSSPIDER_WARC)
IN_FLIGHT = "newsspider_in_flight"  # distributed mode: the request's field in its worker's in-flight hash
GIVEN_ARTICLE = "newsspider_given_article"  # an article by the user's word (-a urls=): not classified, not crawled from

# --- stats: pages ---
PAGES_FETCHED = "newsspider/pages/fetched"  # page requests (start pages, links, sitemap entries) answered
PAGES_FAILED = "newsspider/pages/failed"  # page requests that ended in a network or HTTP error
START_PAGES = "newsspider/pages/start"
START_PAGES_FAILED = "newsspider/pages/start_failed"
NON_ARTICLE = "newsspider/non_article/"  # + the page's kind: pages fetched, classified, and not written
NOT_MODIFIED = "newsspider/not_modified"  # 304 answers: unchanged since the article was written
EXTRACTED_FROM_COPY = "newsspider/extracted_from_copy"  # articles read from their AMP or print copy
EXTRACT_TIMEOUT = "newsspider/failed/extract_timeout"  # pages abandoned past NEWSSPIDER_EXTRACT_TIMEOUT
LINKS_CAPPED = "newsspider/links_capped"  # pages with more links than NEWSSPIDER_MAX_LINKS_PER_PAGE

# --- stats: requests not sent, or sent differently ---
OFFSITE = "newsspider/skipped/offsite"  # requests outside the crawl's scope, never sent
OLDER_THAN_SINCE = "newsspider/skipped/older_than_since"  # sitemap or feed entries older than `since`
LASTMOD_UNCHANGED = "newsspider/skipped/lastmod_unchanged"  # sitemap lastmod not newer than last time
CONDITIONAL_REQUESTS = "newsspider/conditional_requests"  # requests with If-None-Match / If-Modified-Since
RETRY_AFTER = "newsspider/retry_after"  # retries that waited what Retry-After asked
REDIRECTS_ABANDONED = "newsspider/redirects_abandoned"  # loops, or chains over REDIRECT_MAX_TIMES
PRIVATE_ADDRESS = "newsspider/blocked/private_address"  # requests to private addresses, refused
REQUEUED_ORPHANS = "newsspider/redis/requeued_orphans"  # requests of dead workers this worker queued again

# --- stats: the URL list (-a urls=) ---
URL_LIST_URLS = "newsspider/url_list/urls"  # well-formed URL lines read, repeats included
URL_LIST_DUPLICATES = "newsspider/url_list/duplicates"  # lines repeating an earlier line's URL: requested once
URL_LIST_MALFORMED = "newsspider/url_list/malformed"  # lines that are no absolute http(s) URL: skipped

# --- stats: items ---
DROPPED = "newsspider/dropped/"  # + why: duplicate, unchanged, non_article
DROPPED_DUPLICATE = DROPPED + "duplicate"
DROPPED_UNCHANGED = DROPPED + "unchanged"
DROPPED_NON_ARTICLE = DROPPED + "non_article"  # items the validation pipeline took for no article
WRITTEN = "newsspider/written"
WRITTEN_NEW = "newsspider/written/new"
WRITTEN_UPDATED = "newsspider/written/updated"
WRITE_ERRORS = "newsspider/write_errors"  # output or store failures; the first one stops the run
STORE_FAILURES = "newsspider/store_errors"  # state store operations that failed (full disk, damaged file)
MONITORS_FAILED = "newsspider/monitors/failed"  # spidermon monitors that failed at the end of the run
MONITOR_DROPS = "newsspider/monitors/drops"  # figures of a site that fell from its own median
RUN_FAILED = "newsspider/run_failed"  # why the run failed; the crawl command turns it into exit status 1
# The crawler attribute holding this worker's heartbeat key in a distributed round: its article claims name
# it, so that a survivor takes over the claims of a worker that died before writing.
CLAIM_OWNER = "newsspider_claim_owner"
