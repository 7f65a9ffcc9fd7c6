"""Re-extraction: the pages of WARC files (this crawler's, or another tool's such as CC-NEWS) replayed through
today's extraction and the crawl's pipelines, without fetching anything.

The replay spider turns each HTML `response` record into a request that the replay middleware answers from
the record itself, so every page goes the way a crawled one goes: the downloader middlewares' responses,
the spider's reading in the extraction pool, then validation, dedup (the same ids; version + 1 where the
article changed) and the writer.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response, TextResponse
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from newsspider import keys
from newsspider.extraction.pool import ExtractionPool
from newsspider.items import Article
from newsspider.pipelines.sinks.warc import CUT_RECORD_ERRORS, REQUESTED_FIELD, SOURCE_FIELD
from newsspider.progress import Progress
from newsspider.provenance import stamp
from newsspider.signals import page_not_article
from newsspider.sites import SiteProfile, load_profile
from newsspider.state import run_id
from newsspider.text import iso_moment

logger = logging.getLogger(__name__)

STORED = "newsspider_stored_page"  # request meta: the StoredPage the replay middleware answers with
# The body handed on is decoded already (content_stream): headers that describe the encoding as sent go.
ENCODING_HEADERS = frozenset({b"content-encoding", b"transfer-encoding", b"content-length"})
HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_ERRORS = CUT_RECORD_ERRORS  # what reading a file that is no WARC file, or a damaged one, raises
DEFAULT_SOURCE = "warc"  # a record of another tool's WARC file does not say how its URL was found


@dataclass(frozen=True)
class StoredPage:
    """One HTML response of a WARC file, its body decoded, with where it is stored."""

    url: str
    requested_url: str
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    fetched_at: str  # WARC-Date
    source: str
    warc_file: str
    record_id: str
    offset: int


def stored_pages(path: Path) -> Iterator[StoredPage]:
    """The HTML `response` records of a WARC file (gzip per record, whole-file gzip, or plain) in order."""
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if is_html_response(record):
                body = record.content_stream().read()
                yield stored_page(record, body, path.name, records.get_record_offset())


def is_html_response(record: ArcWarcRecord) -> bool:
    """An HTML page: the `response` record of an HTTP exchange, or a `resource` record (a page read without
    HTTP); not a revisit, a request, an image."""
    if record.rec_type == "resource":
        return is_html(record.rec_headers.get_header("Content-Type"))
    return (
        record.rec_type == "response"
        and record.http_headers is not None
        and is_html(record.http_headers.get_header("Content-Type"))
    )


def is_html(content_type: str | None) -> bool:
    return (content_type or "").lower().startswith(HTML_TYPES)


def stored_page(record: ArcWarcRecord, body: bytes, warc_file: str, offset: int) -> StoredPage:
    """A StoredPage of a record whose decoded body has been read."""
    fields = record.rec_headers
    url = fields.get_header("WARC-Target-URI")
    http = record.http_headers
    headers = http.headers if http is not None else [("Content-Type", fields.get_header("Content-Type"))]
    return StoredPage(
        url=url,
        requested_url=fields.get_header(REQUESTED_FIELD) or url,
        status=int(http.get_statuscode() or 200) if http is not None else 200,
        headers=[
            (name.encode("latin-1"), value.encode("latin-1"))
            for name, value in headers
            if name.lower().encode("latin-1") not in ENCODING_HEADERS
        ],
        body=body,
        fetched_at=fetch_time(fields.get_header("WARC-Date")),
        source=fields.get_header(SOURCE_FIELD) or DEFAULT_SOURCE,
        warc_file=warc_file,
        record_id=fields.get_header("WARC-Record-ID"),
        offset=offset,
    )


def fetch_time(warc_date: str | None) -> str:
    """A record's WARC-Date as fetched_at (ISO 8601, UTC, to the second); now for a record without one."""
    moment = iso_moment(warc_date) if warc_date else datetime.now(UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def count_pages(paths: list[Path]) -> int:
    """How many pages the files hold, for the progress bar's time left (headers only: bodies are skipped)."""
    total = 0
    for path in paths:
        with path.open("rb") as stream:
            total += sum(1 for record in ArchiveIterator(stream) if is_html_response(record))
    return total


class ReplayMiddleware:
    """Answer a replayed request with its stored page (placed next to the downloader, as capture is)."""

    def process_request(self, request: Request) -> Response | None:
        page: StoredPage | None = request.meta.get(STORED)
        if page is None:
            return None
        headers = Headers(page.headers)
        response_class = responsetypes.from_args(headers=headers, url=page.url, body=page.body)
        return response_class(url=page.url, status=page.status, headers=headers, body=page.body, request=request)


class ReplaySpider(scrapy.Spider):
    """Replay the HTML pages of WARC files through the extraction and the pipelines."""

    name = "reextract"
    custom_settings = {  # noqa: RUF012 - the base class declares it this way
        "ROBOTSTXT_OBEY": False,  # nothing is fetched
        "NEWSSPIDER_WARC": False,  # the records point at the pages where they already are
        "NEWSSPIDER_CONDITIONAL_REQUESTS": False,
        "NEWSSPIDER_DISK_QUEUE": False,  # requests carry their page: in memory, read a little ahead only
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "DOWNLOADER_MIDDLEWARES": {"newsspider.replay.ReplayMiddleware": 950},
    }
    extraction: ExtractionPool
    progress: Progress

    def __init__(self, warc_paths: list[Path], pages: int, profile: SiteProfile | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.warc_paths, self.pages = warc_paths, pages  # pages: how many the files hold (count_pages)
        self.profile = profile or SiteProfile(name="generic")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ReplaySpider:
        spider: ReplaySpider = super().from_crawler(crawler, *args, **kwargs)
        spider.extraction = ExtractionPool.from_crawler(crawler)
        spider.progress = Progress("Re-extracted", "pages", spider.pages)
        crawler.signals.connect(spider.progress.close, signal=signals.spider_closed)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for path in self.warc_paths:
            try:
                for page in stored_pages(path):
                    meta = {STORED: page, keys.PAGE: True, keys.SOURCE: page.source}
                    yield Request(page.url, callback=self.parse, meta=meta, dont_filter=True)
            except WARC_ERRORS as exc:  # changed since it was counted: its pages up to there are replayed
                self.crawler.stats.inc_value(keys.PAGES_FAILED)
                logger.error("Stopped reading %s: %s", path, exc)

    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Article]:
        """Read the page as the site spider does, and give the article the provenance of its record."""
        self.crawler.stats.inc_value(keys.PAGES_FETCHED)
        page: StoredPage = response.meta[STORED]
        try:
            if isinstance(response, TextResponse):
                fetched_at = iso_moment(page.fetched_at)
                reading = await self.extraction.read(response, self.profile, fetched_at=fetched_at)
                if reading.kind.is_article and reading.article is not None:
                    yield stamp_stored(reading.article, page, run_id(self.crawler))
                elif not reading.kind.is_article:
                    self.crawler.stats.inc_value(keys.NON_ARTICLE + reading.kind.kind)
                    self.crawler.signals.send_catch_log(page_not_article, url=page.url, kind=reading.kind.kind)
        except TimeoutError:
            self.crawler.stats.inc_value(keys.EXTRACT_TIMEOUT)
            logger.error("Gave up reading %s: past NEWSSPIDER_EXTRACT_TIMEOUT", page.url)
        finally:
            self.progress.advance()


def stamp_stored(article: Article, page: StoredPage, run: str) -> Article:
    """The provenance of an article read from a WARC record: the fetch as the record tells it, and where it is."""
    stamp(article, page.requested_url, page.url, page.status, page.source, run)
    article["warc_file"], article["warc_record_id"], article["warc_offset"] = (
        page.warc_file,
        page.record_id,
        page.offset,
    )
    return article


def profile_argument(value: str | None) -> SiteProfile | None:
    """A profile given by name (newsspider/sites/NAME.toml) or as a path to a TOML file of the same format."""
    if value is None:
        return None
    if value.endswith(".toml"):
        path = Path(value)
        return load_profile(path.stem, path.parent)
    return load_profile(value)
