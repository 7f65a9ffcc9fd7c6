"""WARC capture (NEWSSPIDER_WARC) in crawls of the generated news site on 127.0.0.1: the records warcio reads
back hold what the server sent, every JSON record points at its response record, and a run killed with
SIGKILL leaves a WARC file that the next run finishes in agreement with the JSON Lines."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.saved_pages import ROOT
from tests.servers.news_site import NewsSite
from tests.test_incremental import CRAWL_TIMEOUT, crawl, crawl_command, records, wait_for_part_lines

WARC_ON = ("-s", "NEWSSPIDER_WARC=1")
ARTICLES = 12
KILL_ARTICLES = 150
KILL_AFTER_LINES = 15
KILL_DELAY = 0.05


@pytest.fixture
def site() -> Iterator[NewsSite]:
    news_site = NewsSite(articles=ARTICLES, now=datetime.now(UTC)).start()
    yield news_site
    news_site.stop()


def warc_records(path: Path) -> list[dict[str, Any]]:
    """Every record of a WARC file: its type, headers, offset and raw payload (content encoding kept)."""
    found = []
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            found.append(
                {
                    "type": record.rec_type,
                    "id": record.rec_headers.get_header("WARC-Record-ID"),
                    "uri": record.rec_headers.get_header("WARC-Target-URI"),
                    "concurrent_to": record.rec_headers.get_header("WARC-Concurrent-To"),
                    "http": record.http_headers,
                    "payload": record.raw_stream.read(),
                    "offset": iterator.get_record_offset(),
                }
            )
    return found


def record_at(path: Path, offset: int) -> Any:
    """The record whose gzip member starts at `offset`, read by seeking there."""
    with path.open("rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        return record.rec_type, record.rec_headers.get_header("WARC-Record-ID"), record.content_stream().read()


def test_a_crawl_with_warc_on_keeps_each_article_response_as_the_server_sent_it(site: NewsSite, tmp_path: Path) -> None:
    site.compress_pages = True  # the WARC must keep the gzip-encoded bytes, not the decoded page
    output = tmp_path / "out"
    result = crawl(site, output, *WARC_ON)
    assert result.returncode == 0, result.stderr[-3000:]
    [warc] = output.glob("*.warc.gz")
    written = records(set(output.glob("*.jsonl")))
    assert len(written) == ARTICLES
    found = warc_records(warc)
    assert found[0]["type"] == "warcinfo"
    responses = [record for record in found if record["type"] == "response"]
    requests = {record["concurrent_to"]: record for record in found if record["type"] == "request"}
    assert sorted(record["uri"] for record in responses) == sorted(site.article_urls())
    for response in responses:
        path = urlsplit(response["uri"]).path
        assert response["payload"] == site.sent[path]
        assert response["http"].get_statuscode() == "200"
        assert response["http"].get_header("Content-Encoding") == "gzip"
        request_line = requests[response["id"]]["http"]
        assert (request_line.protocol, request_line.statusline) == ("GET", f"{path} HTTP/1.1")


def test_each_json_record_points_at_its_response_record(site: NewsSite, tmp_path: Path) -> None:
    output = tmp_path / "out"
    result = crawl(site, output, *WARC_ON)
    assert result.returncode == 0, result.stderr[-3000:]
    written = records(set(output.glob("*.jsonl")))
    assert {record["warc_file"] for record in written} == {path.name for path in output.glob("*.warc.gz")}
    for record in written:
        kind, record_id, body = record_at(output / record["warc_file"], record["warc_offset"])
        assert (kind, record_id) == ("response", record["warc_record_id"])
        assert body == site.page(urlsplit(record["response_url"]).path).body


def test_warc_is_off_by_default(site: NewsSite, tmp_path: Path) -> None:
    output = tmp_path / "out"
    result = crawl(site, output)
    assert result.returncode == 0, result.stderr[-3000:]
    assert list(output.glob("*.warc*")) == []
    written = records(set(output.glob("*.jsonl")))
    assert {(record["warc_file"], record["warc_offset"]) for record in written} == {(None, None)}


def test_after_a_killed_run_the_next_one_leaves_a_warc_record_for_every_article_record(tmp_path: Path) -> None:
    output = tmp_path / "out"
    with NewsSite(articles=KILL_ARTICLES, now=datetime.now(UTC)) as site:
        site.delay = KILL_DELAY
        command = crawl_command(site, output, *WARC_ON)
        with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
            try:
                lines = wait_for_part_lines(output, KILL_AFTER_LINES, process)
            finally:
                if process.poll() is None:
                    os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=CRAWL_TIMEOUT)
        assert lines >= KILL_AFTER_LINES and process.returncode == -signal.SIGKILL
        site.delay = 0.0
        second = crawl(site, output, *WARC_ON)
    assert second.returncode == 0, second.stderr[-3000:]
    assert list(output.glob("*.part")) == []
    assert len(list(output.glob("*.warc.gz"))) == 2
    responses = {
        record["id"]: record
        for warc in output.glob("*.warc.gz")
        for record in warc_records(warc)
        if record["type"] == "response"
    }
    written = records(set(output.glob("*.jsonl")))
    assert {record["canonical_url"] for record in written} == set(site.article_urls())
    for record in written:
        assert responses[record["warc_record_id"]]["uri"] == record["response_url"]
        assert record_at(output / record["warc_file"], record["warc_offset"])[1] == record["warc_record_id"]
