"""The WARC sink on its own: the records it writes, their offsets, and the recovery of a cut file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from newsspider.downloadermiddlewares.capture import Exchange
from newsspider.pipelines.sinks.warc import REQUESTED_FIELD, SOURCE_FIELD, WarcSink

FETCHED_AT = "2026-12-01T10:00:00+00:00"
CUT_LENGTH = 40  # bytes: well inside a record's gzip member


def exchange(path: str, body: bytes, first_url: str | None = None) -> Exchange:
    url = f"https://news.example.com{path}"
    return Exchange(
        method="GET",
        request_url=url,
        request_headers=[("User-Agent", "newsspider-test"), ("Accept-Encoding", "gzip")],
        request_body=b"",
        url=url,
        status=200,
        protocol="HTTP/1.1",
        headers=[("Content-Type", "text/html; charset=utf-8"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")],
        body=body,
        ip_address="203.0.113.7",
        first_url=first_url or url,
        source="sitemap",
    )


def write_pages(sink: WarcSink, count: int) -> list[dict[str, Any]]:
    written = []
    for number in range(count):
        record: dict[str, Any] = {"fetched_at": FETCHED_AT}
        sink.write(record, exchange(f"/news/{number}.html", b"<p>page %d</p>" % number))
        written.append(record)
    return written


def response_ids(path: Path) -> list[str]:
    with path.open("rb") as stream:
        return [
            record.rec_headers.get_header("WARC-Record-ID")
            for record in ArchiveIterator(stream)
            if record.rec_type == "response"
        ]


def test_a_response_record_holds_the_headers_and_body_and_the_fields_for_reextraction(tmp_path: Path) -> None:
    sink = WarcSink(tmp_path, "site", fsync=False)
    record: dict[str, Any] = {"fetched_at": FETCHED_AT}
    sink.write(record, exchange("/news/moved.html", b"<p>moved</p>", first_url="https://news.example.com/old"))
    sink.close(finish=True)
    with (tmp_path / record["warc_file"]).open("rb") as stream:
        stream.seek(record["warc_offset"])
        response = next(iter(ArchiveIterator(stream)))
        assert response.rec_headers.get_header("WARC-Date") == "2026-12-01T10:00:00Z"
        assert response.rec_headers.get_header("WARC-IP-Address") == "203.0.113.7"
        assert response.rec_headers.get_header(SOURCE_FIELD) == "sitemap"
        assert response.rec_headers.get_header(REQUESTED_FIELD) == "https://news.example.com/old"
        assert response.http_headers.get_statuscode() == "200"
        assert [value for name, value in response.http_headers.headers if name == "Set-Cookie"] == ["a=1", "b=2"]
        assert response.content_stream().read() == b"<p>moved</p>"


def test_no_file_is_written_for_articles_without_an_exchange(tmp_path: Path) -> None:
    sink = WarcSink(tmp_path, "site", fsync=False)
    record: dict[str, Any] = {"fetched_at": FETCHED_AT}
    sink.write(record, None)
    sink.close(finish=True)
    assert list(tmp_path.iterdir()) == []
    assert "warc_file" not in record


def test_a_cut_warc_file_is_finished_after_its_last_whole_record(tmp_path: Path) -> None:
    sink = WarcSink(tmp_path, "site", fsync=False)
    written = write_pages(sink, 3)
    sink.close(finish=False)
    part = sink.file.part_path
    whole = part.stat().st_size
    data = part.read_bytes()
    with part.open("ab") as stream:  # the start of one record more, as a kill in the middle of a write leaves
        stream.write(data[written[1]["warc_offset"] :][:CUT_LENGTH])
    [leftover] = WarcSink(tmp_path, "site", fsync=False).leftovers()
    assert leftover.records == []
    leftover.finish(())
    finished = tmp_path / sink.file.path.name
    assert finished.stat().st_size == whole
    assert response_ids(finished) == [record["warc_record_id"] for record in written]
