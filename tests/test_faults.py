"""Crawls of a generated news site that misbehaves: transient errors and Retry-After, timeouts, resets, short
bodies and slow drips, redirect loops, chains and offsite redirects, wrong or missing charsets, non-HTML answers,
oversized pages and gzip bombs, robots.txt. Each test checks the output, the server's request log and the
`newsspider failures: ...` line; the first one checks the fault server itself, with raw sockets."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.saved_pages import ROOT
from tests.servers.fault_site import (
    ALWAYS,
    BOMB_BYTES,
    CHARSETS,
    DRIP_BYTES,
    HOP,
    LARGE_BYTES,
    LOOP_QUERY,
    PDF,
    PNG,
    REDIRECT_CHAIN,
    RETRY_AFTER_SECONDS,
    SHORT_BY,
    Fault,
    FaultSite,
)
from tests.test_incremental import canonical_counts, outputs, records, summary

ARTICLES = 12
DOWNLOAD_TIMEOUT = 2
DOWNLOAD_MAXSIZE = 2_000_000
RETRY_TIMES = 3
REDIRECT_MAX_TIMES = 10  # newsspider/settings.py
ATTEMPTS = 1 + RETRY_TIMES  # requests of a page that keeps failing
CRAWL_TIMEOUT = 120
CLOCK_SLACK = 0.05  # seconds: server-side gaps are measured on arrival, after the client's clock started
TIMEOUT_SLACK = 0.5  # seconds between the download's start and the request's arrival at the server
CHAOS_RATE = 0.25
CHAOS_SEED = 20240301
RAW_TIMEOUT = 5.0
SELF_TEST_ARTICLES = 20  # one article per fault
STALL_PROBE = 0.5  # seconds a raw request waits for a stalled or dripping answer
CRAWL_SETTINGS = (
    "AUTOTHROTTLE_ENABLED=0",
    "DOWNLOAD_DELAY=0",
    f"DOWNLOAD_TIMEOUT={DOWNLOAD_TIMEOUT}",
    f"DOWNLOAD_MAXSIZE={DOWNLOAD_MAXSIZE}",
    f"RETRY_TIMES={RETRY_TIMES}",
    "LOG_LEVEL=INFO",
    "NEWSSPIDER_REPORT=0",  # no HTML report: tests/monitoring test it; drawing one adds a second to every crawl
)
FAILURES = re.compile(r"newsspider failures: (?P<counts>.*)$")
COUNT = re.compile(r"(?P<kind>[a-z0-9_]+)=(?P<count>\d+)")
MOJIBAKE = ("\ufffd", "\ufeff", "Ã", "Â", "â€", "ï»¿")
TEXT_FIELDS = ("title", "description", "byline", "body")


@pytest.fixture
def serve() -> Iterator[Callable[..., FaultSite]]:
    """Start a fault site of ARTICLES articles dated up to now; every site started is stopped at the end."""
    started: list[FaultSite] = []

    def start(articles: int = ARTICLES, **options: Any) -> FaultSite:
        site = FaultSite(articles=articles, now=datetime.now(UTC), **options).start()
        started.append(site)
        return site

    yield start
    for site in started:
        site.stop()


def crawl(site: FaultSite, output_dir: Path) -> subprocess.CompletedProcess[str]:
    settings = [item for setting in CRAWL_SETTINGS for item in ("-s", setting)]
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "site",
        "-a",
        f"start_urls={site.url('/')}",
        "-s",
        f"NEWSSPIDER_OUTPUT_DIR={output_dir}",
        *settings,
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=CRAWL_TIMEOUT, check=False)


def failures(stderr: str) -> dict[str, int]:
    """The counts of the one `newsspider failures:` line, which comes before the summary (the last line)."""
    lines = stderr.strip().splitlines()
    summary("\n".join(lines))
    found = [match for line in lines[:-1] if (match := FAILURES.search(line))]
    assert len(found) == 1, f"{len(found)} 'newsspider failures:' lines before the summary:\n{stderr[-3000:]}"
    counts = {match["kind"]: int(match["count"]) for match in COUNT.finditer(found[0]["counts"])}
    assert counts, f"no kind=count in {found[0].group(0)!r}"
    assert all(counts.values()), f"kinds without failures are listed: {found[0].group(0)!r}"
    return counts


def paths(site: FaultSite, *numbers: int) -> list[str]:
    return [site.article(number).path for number in numbers]


def article_paths(site: FaultSite) -> set[str]:
    return {article.path for article in site.articles}


def request_counts(site: FaultSite, wanted: list[str]) -> dict[str, int]:
    return {path: len(site.requests_to(path)) for path in wanted}


def served_intact(site: FaultSite) -> set[str]:
    """Article paths served whole and in time at least once."""
    return {entry.path for entry in site.requests if entry.intact} & article_paths(site)


def check_output(site: FaultSite, output_dir: Path, lost: set[str]) -> list[dict[str, Any]]:
    """Every article but `lost` was served intact, and is written exactly once with its title and text."""
    assert sorted(served_intact(site)) == sorted(article_paths(site) - lost), "the server did not serve as planned"
    written = records(outputs(output_dir))
    assert canonical_counts(written) == Counter(site.url(path) for path in sorted(served_intact(site)))
    by_path = {article.path: article for article in site.articles}
    for record in written:
        article = by_path[urlsplit(record["canonical_url"]).path]
        body = " ".join(record["body"].split())
        assert record["title"] == article.title
        assert " ".join(article.paragraphs[0].split()) in body, record["canonical_url"]
        assert " ".join(article.paragraphs[-1].split()) in body, record["canonical_url"]
    return written


def tail(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr[-3000:]


@dataclass(frozen=True)
class Raw:
    """A response read off a raw socket, as far as it came."""

    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    error: str | None  # "reset", "timeout" or None (the server closed the connection)


def raw_get(site: FaultSite, target: str, timeout: float = RAW_TIMEOUT) -> Raw:
    """GET `target` over a plain socket, reading until the server closes, resets, or `timeout` seconds pass."""
    port = urlsplit(site.base).port
    assert port is not None
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    error: str | None = None
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(f"GET {target} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: gzip\r\n\r\n".encode())
        try:
            while (remaining := deadline - time.monotonic()) > 0:
                connection.settimeout(remaining)
                chunk = connection.recv(1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
            else:
                error = "timeout"
        except ConnectionResetError:
            error = "reset"
        except TimeoutError:
            error = "timeout"
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines[0] else 0
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    return Raw(status, headers, body, error)


def inflated_size(body: bytes) -> int:
    """The size of a gzip body once inflated, counted chunk by chunk."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    size, pending = 0, body
    while pending and not inflater.eof:
        size += len(inflater.decompress(pending, 1 << 20))
        pending = inflater.unconsumed_tail
    return size + len(inflater.flush())


def test_the_fault_site_serves_each_fault(serve: Callable[..., FaultSite]) -> None:
    site = serve(articles=SELF_TEST_ARTICLES)
    (
        twice,
        late,
        stall,
        reset,
        early_reset,
        short,
        drip,
        loop,
        chain,
        offsite,
        cp1252,
        sjis,
        bom,
        pdf,
        image,
        large,
        undeclared,
        bomb,
        blocked,
    ) = paths(site, *range(1, 20))
    site.faults.update(
        {
            twice: Fault("error_then_ok", times=2, status=502),
            late: "retry_after",
            stall: "timeout",
            reset: "reset",
            early_reset: Fault("reset", before_headers=True),
            short: "short_body",
            drip: "drip",
            loop: "redirect_loop",
            chain: "redirect_chain",
            offsite: "redirect_offsite",
            cp1252: "charset",
            sjis: Fault("charset", charset="shift_jis"),
            bom: Fault("charset", charset="utf-8-sig"),
            pdf: "pdf",
            image: "image",
            large: "too_large",
            undeclared: Fault("too_large", declared=False),
            bomb: "gzip_bomb",
            blocked: "robots",
        }
    )

    assert [raw_get(site, twice).status for _ in range(3)] == [502, 502, 200]
    first, second = raw_get(site, late), raw_get(site, late)
    assert (first.status, first.headers["retry-after"], second.status) == (429, str(RETRY_AFTER_SECONDS), 200)

    stalled = raw_get(site, stall, timeout=STALL_PROBE)
    assert (stalled.error, stalled.body) == ("timeout", b"")
    assert raw_get(site, stall).status == 200
    dripping = raw_get(site, drip, timeout=STALL_PROBE)
    assert dripping.error == "timeout" and 0 < len(dripping.body) <= 2 * DRIP_BYTES
    broken, whole = raw_get(site, reset), raw_get(site, reset)
    assert broken.error == "reset" and 0 < len(broken.body) < int(broken.headers["content-length"])
    assert whole.error is None and len(whole.body) == int(whole.headers["content-length"])
    refused = raw_get(site, early_reset)
    assert (refused.status, refused.body) == (0, b"") and refused.error in ("reset", None)
    assert raw_get(site, early_reset).status == 200
    cut = raw_get(site, short)
    assert cut.error is None and len(cut.body) == int(cut.headers["content-length"]) - SHORT_BY
    assert len(raw_get(site, short).body) == len(cut.body)

    hop = raw_get(site, loop)
    assert (hop.status, hop.headers["location"]) == (302, site.url(f"{loop}?{LOOP_QUERY}"))
    assert raw_get(site, f"{loop}?{LOOP_QUERY}").headers["location"] == site.url(loop)
    target, hops = chain, 0
    while (answer := raw_get(site, target)).status == 302:
        target, hops = urlsplit(answer.headers["location"])._replace(scheme="", netloc="").geturl(), hops + 1
    assert (hops, answer.status, parse_qs(urlsplit(target).query)[HOP]) == (REDIRECT_CHAIN, 200, [str(hops)])
    assert raw_get(site, offsite).headers["location"] == f"http://example.invalid{offsite}"

    western, japanese, utf8 = raw_get(site, cp1252), raw_get(site, sjis), raw_get(site, bom)
    assert western.headers["content-type"] == "text/html; charset=utf-8" and b"<meta charset" not in western.body
    assert CHARSETS["cp1252"].sample in western.body.decode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        western.body.decode("utf-8")
    assert japanese.headers["content-type"] == "text/html" and b'<meta charset="shift_jis">' in japanese.body
    assert CHARSETS["shift_jis"].sample in japanese.body.decode("shift_jis")
    assert utf8.body.startswith(b"\xef\xbb\xbf") and b"charset" not in utf8.body
    assert CHARSETS["utf-8-sig"].sample in utf8.body.decode("utf-8-sig")
    assert (raw_get(site, pdf).body, raw_get(site, image).body) == (PDF, PNG)
    assert raw_get(site, image).headers["content-type"] == "image/png"
    declared, streamed = raw_get(site, large), raw_get(site, undeclared)
    assert int(declared.headers["content-length"]) == len(declared.body) == LARGE_BYTES
    assert "content-length" not in streamed.headers and len(streamed.body) == LARGE_BYTES
    gzipped = raw_get(site, bomb)
    assert gzipped.headers["content-encoding"] == "gzip" and len(gzipped.body) < BOMB_BYTES // 500
    assert inflated_size(gzipped.body) >= BOMB_BYTES
    assert f"Disallow: {blocked}\n" in raw_get(site, "/robots.txt").body.decode()
    assert raw_get(site, blocked).status == 200  # robots.txt asks, the page does not refuse

    logged = [(entry.path, entry.status, entry.fault) for entry in site.requests]
    assert logged[:3] == [(twice, 502, "error_then_ok"), (twice, 502, "error_then_ok"), (twice, 200, None)]
    assert site.requests_to(blocked)[0].host == f"127.0.0.1:{urlsplit(site.base).port}"
    assert site.requests_to(blocked)[0].header("accept-encoding") == "gzip"
    assert [entry.query for entry in site.requests_to(loop)] == ["", LOOP_QUERY]


def test_transient_errors_are_retried_and_retry_after_is_waited_for(
    tmp_path: Path, serve: Callable[..., FaultSite]
) -> None:
    site = serve()
    twice_503, once_500, always_502, after_429, after_503 = paths(site, 2, 4, 6, 8, 10)
    site.faults.update(
        {
            twice_503: Fault("error_then_ok", times=2, status=503),
            once_500: Fault("error_then_ok", times=1, status=500),
            always_502: Fault("error_then_ok", times=ALWAYS, status=502),
            after_429: Fault("retry_after", status=429),
            after_503: Fault("retry_after", status=503),
        }
    )
    result = crawl(site, tmp_path)
    assert result.returncode == 0, tail(result)
    assert request_counts(site, [twice_503, once_500, always_502, after_429, after_503]) == {
        twice_503: 3,
        once_500: 2,
        always_502: ATTEMPTS,
        after_429: 2,
        after_503: 2,
    }
    for path in (after_429, after_503):
        refused, retried = site.requests_to(path)
        assert retried.time - refused.time >= RETRY_AFTER_SECONDS - CLOCK_SLACK, f"{path} retried too soon"
    check_output(site, tmp_path, lost={always_502})
    counts = failures(result.stderr)
    assert {"http_5xx", "http_429"} <= counts.keys(), counts
    assert not {"timeout", "reset", "data_loss"} & counts.keys(), counts


def test_timeouts_resets_and_short_bodies_are_retried(tmp_path: Path, serve: Callable[..., FaultSite]) -> None:
    site = serve()
    stall, reset, early_reset, short, drip = paths(site, 3, 5, 6, 7, 9)
    site.faults.update(
        {
            stall: "timeout",
            reset: "reset",
            early_reset: Fault("reset", before_headers=True),
            short: "short_body",
            drip: "drip",
        }
    )
    result = crawl(site, tmp_path)
    assert result.returncode == 0, tail(result)
    assert request_counts(site, [stall, reset, early_reset, short, drip]) == {
        stall: 2,
        reset: 2,
        early_reset: 2,
        short: 2,
        drip: ATTEMPTS,
    }
    stalled, retried = site.requests_to(stall)
    assert retried.time - stalled.time >= DOWNLOAD_TIMEOUT - TIMEOUT_SLACK, "retried before the timeout"
    check_output(site, tmp_path, lost={drip})
    counts = failures(result.stderr)
    assert {"timeout", "reset", "data_loss"} <= counts.keys(), counts
    assert counts["timeout"] >= 1 + ATTEMPTS, counts  # the stall, and each attempt at the drip


def test_redirect_loops_chains_and_offsite_targets_are_not_followed(
    tmp_path: Path, serve: Callable[..., FaultSite]
) -> None:
    site = serve()
    loop, chain, offsite, elsewhere = paths(site, 3, 6, 9, 11)
    # localhost is another host for the crawl's scope, but it is this server: a request there would be logged
    other_host = site.url("/offsite").replace("127.0.0.1", "localhost")
    site.faults.update(
        {
            loop: "redirect_loop",
            chain: "redirect_chain",
            offsite: "redirect_offsite",
            elsewhere: Fault("redirect_offsite", target=other_host),
        }
    )
    result = crawl(site, tmp_path)
    assert result.returncode == 0, tail(result)
    assert 1 <= len(site.requests_to(loop)) <= REDIRECT_MAX_TIMES + 1
    hops = [int(parse_qs(entry.query).get(HOP, ["0"])[0]) for entry in site.requests_to(chain)]
    assert hops and max(hops) <= REDIRECT_MAX_TIMES < REDIRECT_CHAIN, f"chain hops requested: {hops}"
    assert request_counts(site, [offsite, elsewhere]) == {offsite: 1, elsewhere: 1}
    own_host = urlsplit(site.base).netloc
    assert [(entry.host, entry.path) for entry in site.requests if entry.host != own_host] == []
    assert "DNSLookupError" not in result.stderr
    assert "Error downloading <GET http://example.invalid" not in result.stderr
    check_output(site, tmp_path, lost={loop, chain, offsite, elsewhere})
    counts = failures(result.stderr)
    assert {"redirects", "offsite"} <= counts.keys(), counts


def test_wrong_or_missing_charsets_give_correct_text(tmp_path: Path, serve: Callable[..., FaultSite]) -> None:
    site = serve()
    cases = dict(zip(paths(site, 4, 7, 10), CHARSETS, strict=True))
    site.faults.update({path: Fault("charset", charset=name) for path, name in cases.items()})
    result = crawl(site, tmp_path)
    assert result.returncode == 0, tail(result)
    assert {path: [entry.fault for entry in site.requests_to(path)] for path in cases} == {
        path: ["charset"] for path in cases
    }
    written = check_output(site, tmp_path, lost=set())
    by_path = {urlsplit(record["canonical_url"]).path: record for record in written}
    for path, name in cases.items():
        body = " ".join(by_path[path]["body"].split())
        missing = [word for word in CHARSETS[name].words if word not in body]
        assert missing == [], f"{name}: {missing} not in the body of {path}: {body[-400:]!r}"
    garbled = [
        (record["canonical_url"], field, marker)
        for record in written
        for field in TEXT_FIELDS
        for marker in MOJIBAKE
        if marker in (record.get(field) or "")
    ]
    assert garbled == []


def test_non_html_answers_and_oversized_pages_are_not_written(tmp_path: Path, serve: Callable[..., FaultSite]) -> None:
    site = serve()
    pdf, image, large, undeclared, bomb = paths(site, 2, 4, 6, 8, 10)
    site.faults.update(
        {
            pdf: "pdf",
            image: "image",
            large: "too_large",
            undeclared: Fault("too_large", declared=False),
            bomb: "gzip_bomb",
        }
    )
    result = crawl(site, tmp_path)
    assert result.returncode == 0, tail(result)
    faulted = [pdf, image, large, undeclared, bomb]
    assert request_counts(site, faulted) == dict.fromkeys(faulted, 1)  # abandoned, never retried
    check_output(site, tmp_path, lost=set(faulted))
    counts = failures(result.stderr)
    assert "too_large" in counts, counts
    assert not {"timeout", "reset", "data_loss", "http_5xx"} & counts.keys(), counts


def test_paths_robots_txt_disallows_are_never_requested(tmp_path: Path, serve: Callable[..., FaultSite]) -> None:
    site = serve()
    blocked = site.article(ARTICLES - 1).path  # recent: linked from the home page, and in the sitemaps
    site.faults[blocked] = "robots"
    result = crawl(site, tmp_path)
    assert result.returncode == 0, tail(result)
    assert site.requests_to("/robots.txt"), "robots.txt was never read"
    assert site.requests_to(blocked) == []
    check_output(site, tmp_path, lost={blocked})
    counts = failures(result.stderr)
    assert "robots" in counts, counts


def test_random_transient_faults_lose_only_pages_never_served_whole(
    tmp_path: Path, serve: Callable[..., FaultSite]
) -> None:
    site = serve(chaos=CHAOS_RATE, chaos_seed=CHAOS_SEED)
    result = crawl(site, tmp_path)
    assert result.returncode == 0, tail(result)
    faulted = Counter(entry.fault for entry in site.requests if entry.fault)
    assert faulted, "no fault was drawn"
    attempts = Counter(entry.path for entry in site.requests if entry.path in article_paths(site))
    assert [path for path, count in attempts.items() if count > ATTEMPTS] == []
    written = records(outputs(tmp_path))
    assert canonical_counts(written) == Counter(site.url(path) for path in sorted(served_intact(site)))
    assert len(written) >= ARTICLES // 2, f"{len(written)} articles written; faults drawn: {dict(faulted)}"
    failures(result.stderr)
