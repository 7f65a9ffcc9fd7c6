"""The WARC sink: the HTTP exchange of each written article as `response` and `request` records of
output/<spider>-<UTC time>.warc.gz (NEWSSPIDER_WARC), through warcio.

Layout (README: "WARC capture"): a `warcinfo` record first, then per article its `response` record (the
headers as received, the body as sent) followed by its `request` record, each record its own gzip member;
a page read without HTTP (file://) is one `resource` record.
The sink runs before the JSON Lines sink and gives each record `warc_file`, `warc_record_id` and
`warc_offset`: the byte offset of the response record's gzip member, where a reader can seek to.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Collection, Iterator
from datetime import UTC, datetime
from functools import partial
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsspider.downloadermiddlewares.capture import Exchange
from newsspider.extraction.version import extractor_version
from newsspider.options import option_bool
from newsspider.pipelines.sinks import Leftover
from newsspider.pipelines.sinks.durable import (
    DurableFile,
    finish_part_file,
    run_file_path,
    sink_arguments,
    unfinished_files,
)
from newsspider.text import iso_moment

logger = logging.getLogger(__name__)
EXTENSION = ".warc.gz"
WARC_VERSION = "1.1"
# newsspider's own fields on a response record, for `scrapy reextract` to give back the same item; WARC 1.1
# lets a writer add fields of its own, and other readers ignore them.
SOURCE_FIELD = "Newsspider-Source"  # how the crawl found the URL
REQUESTED_FIELD = "Newsspider-Requested-URI"  # the URL asked for, when redirects led elsewhere
# What a cut last record raises in warcio: its gzip member or its content ends early.
HTTP_SCHEMES = frozenset({"http", "https"})  # other pages (file://) are kept as `resource` records
CUT_RECORD_ERRORS = (ArchiveLoadFailed, EOFError, OSError, ValueError)


class WarcSink:
    """Append each written article's exchange to the run's WARC file (fsynced unless NEWSSPIDER_FSYNC is off)."""

    def __init__(self, output_dir: Path, spider_name: str, fsync: bool) -> None:
        self.output_dir = output_dir
        self.file = DurableFile(run_file_path(output_dir, spider_name, EXTENSION), fsync)
        self.written = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcSink:
        if not option_bool(crawler.settings, "NEWSSPIDER_WARC"):
            raise NotConfigured("NEWSSPIDER_WARC is off")
        return cls(*sink_arguments(crawler))

    def leftovers(self) -> Iterator[Leftover]:
        # a WARC file holds no records to record in the state store: only its cut last record goes
        for part in unfinished_files(self.output_dir, EXTENSION):
            yield Leftover([], partial(finish_warc_part, part, whole_records_length(part)))

    def write(self, record: dict[str, Any], exchange: Exchange | None) -> None:
        if exchange is None:  # no page behind the article (the capture middleware was off when it was read)
            return
        data, offset, record_id = warc_records(exchange, record, self.file.path.name, first=not self.written)
        start = self.file.append(data)
        self.written += 1
        record.update(warc_file=self.file.path.name, warc_record_id=record_id, warc_offset=start + offset)

    def close(self, finish: bool) -> None:
        if self.file.close(finish) and finish:
            logger.info("Wrote %d pages to %s", self.written, self.file.path)


def warc_records(exchange: Exchange, record: dict[str, Any], filename: str, first: bool) -> tuple[bytes, int, str]:
    """The gzip members of an article's exchange (after a warcinfo record when first), the offset of its
    response record among them, and that record's WARC-Record-ID."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version=WARC_VERSION)
    if first:
        info = {"software": f"newsspider/{extractor_version()}", "format": f"WARC File Format {WARC_VERSION}"}
        writer.write_record(writer.create_warcinfo_record(filename, info))
    offset = buffer.tell()
    date = warc_date(record.get("fetched_at"))
    if urlsplit(exchange.url).scheme not in HTTP_SCHEMES:
        resource = resource_record(writer, exchange, date)
        writer.write_record(resource)
        return buffer.getvalue(), offset, resource.rec_headers.get_header("WARC-Record-ID")
    response = response_record(writer, exchange, date)
    writer.write_record(response)
    record_id = response.rec_headers.get_header("WARC-Record-ID")
    writer.write_record(request_record(writer, exchange, date, record_id))
    return buffer.getvalue(), offset, record_id


def response_record(writer: WARCWriter, exchange: Exchange, date: str) -> Any:
    """The `response` record: the status line and headers as received, the body as sent."""
    fields = own_fields(exchange, date)
    if exchange.ip_address:
        fields["WARC-IP-Address"] = exchange.ip_address
    return writer.create_warc_record(
        exchange.url,
        "response",
        payload=BytesIO(exchange.body),
        length=len(exchange.body),
        http_headers=StatusAndHeaders(status_line(exchange.status), exchange.headers, exchange.protocol),
        warc_headers_dict=fields,
    )


def resource_record(writer: WARCWriter, exchange: Exchange, date: str) -> Any:
    """A `resource` record: a page read without HTTP (a file:// page of the demo site), typed by its name."""
    content_type = dict(exchange.headers).get("Content-Type") or mimetypes.guess_type(exchange.url)[0]
    return writer.create_warc_record(
        exchange.url,
        "resource",
        payload=BytesIO(exchange.body),
        length=len(exchange.body),
        warc_content_type=content_type or "application/octet-stream",
        warc_headers_dict=own_fields(exchange, date),
    )


def request_record(writer: WARCWriter, exchange: Exchange, date: str, response_id: str) -> Any:
    """The `request` record, concurrent to its response: the request line and headers as sent."""
    target = urlsplit(exchange.request_url)
    path = (target.path or "/") + (f"?{target.query}" if target.query else "")
    # Scrapy asks in HTTP/1.1 whatever HTTP/1.x version the server answers in
    protocol = "HTTP/1.1" if exchange.protocol.startswith("HTTP/1") else exchange.protocol
    line = f"{exchange.method} {path} {protocol}"
    return writer.create_warc_record(
        exchange.request_url,
        "request",
        payload=BytesIO(exchange.request_body),
        length=len(exchange.request_body),
        http_headers=StatusAndHeaders(line, exchange.request_headers, is_http_request=True),
        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
    )


def own_fields(exchange: Exchange, date: str) -> dict[str, str]:
    """The WARC fields of a page's record: its date, and newsspider's own fields for re-extraction."""
    fields = {"WARC-Date": date}
    if exchange.source:
        fields[SOURCE_FIELD] = exchange.source
    if exchange.first_url != exchange.url:
        fields[REQUESTED_FIELD] = exchange.first_url
    return fields


def status_line(status: int) -> str:
    """The status part of a response's first line: "200 OK" (a code HTTP does not name keeps no phrase)."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def warc_date(fetched_at: str | None) -> str:
    """A record's fetched_at as a WARC-Date (UTC, Z); now when unknown."""
    moment = iso_moment(fetched_at) if fetched_at else datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def finish_warc_part(part: Path, whole_length: int, _left_out: Collection[int]) -> None:
    """Finish a killed run's WARC file: it holds no article records, so none is left out."""
    finish_part_file(part, whole_length)


def whole_records_length(part: Path) -> int:
    """The length of a killed run's WARC file up to the end of its last whole record."""
    whole = 0
    with part.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for _ in records:
                records.read_to_end()
                whole = records.get_record_offset() + records.get_record_length()
        except CUT_RECORD_ERRORS:
            logger.warning("Cutting %s after its last whole record, at byte %d", part.name, whole)
    return whole
