"""The generated news site of tests.news_site, with faults injected per URL path (or at random, seeded).

`FaultSite.faults` maps a path to a `Fault` (or just its kind's name): 5xx then OK, 429/503 with Retry-After,
a stall past the crawler's timeout, a reset or a short body mid-response, a slow drip, redirect loops, chains
and offsite redirects, wrong or missing charsets, PDF and PNG answers, oversized pages, gzip bombs, and paths
robots.txt disallows. Every request is logged as a `FaultRequest`: arrival time, query, Host, the fault served.
"""

from __future__ import annotations

import codecs
import random
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from tests.servers.news_site import LoggedRequest, NewsSite, Page, _Handler

FAULTS = (
    "error_then_ok",
    "retry_after",
    "timeout",
    "reset",
    "short_body",
    "drip",
    "redirect_loop",
    "redirect_chain",
    "redirect_offsite",
    "charset",
    "pdf",
    "image",
    "too_large",
    "gzip_bomb",
    "robots",
)
ALWAYS = 1_000_000  # `times` of a fault that never lets its page through
# Faults that spoil the first `times` requests of their path, then let the page through; the others always apply.
DEFAULT_TIMES = {"error_then_ok": 1, "retry_after": 1, "timeout": 1, "reset": 1, "short_body": 1, "drip": ALWAYS}
ERROR_STATUS = 503
RETRY_AFTER_STATUS = 429
RETRY_AFTER_SECONDS = 2
NO_ANSWER = 0  # the status logged for a request answered by a reset before any byte
STALL_SECONDS = 5.0  # "timeout": the answer waits this long, past the tests' DOWNLOAD_TIMEOUT=2
RESET_PAUSE = 0.2  # "reset": seconds between part of the body and the reset, so the client has read the headers
SHORT_BY = 1000  # "short_body": bytes Content-Length promises but the body lacks
DRIP_BYTES = 64  # "drip": bytes sent every DRIP_INTERVAL seconds (an article then takes about a minute)
DRIP_INTERVAL = 0.5
REDIRECT_CHAIN = 12  # "redirect_chain": redirects before the page, more than the crawler's REDIRECT_MAX_TIMES=10
HOP = "hop"  # query parameter numbering the chain's redirects
LOOP_QUERY = "loop=b"  # "redirect_loop": /a -> /a?loop=b -> /a -> ...
OFFSITE_TARGET = "http://example.invalid"  # "redirect_offsite": the path is appended; nothing listens there
LARGE_BYTES = 3_000_000  # "too_large": over the tests' DOWNLOAD_MAXSIZE=2000000
BOMB_BYTES = 100 * 1024 * 1024  # "gzip_bomb": inflated size
STREAM_CHUNK = 64 * 1024
TEXT_KEEPING_FAULTS = frozenset({"charset"})  # served whole and in time: the page must be read right
CHAOS_EXEMPT = frozenset({"/robots.txt"})  # never spoiled in random mode
UTF8_META = '<meta charset="utf-8">'
STORY_END = "\n</div></article>"  # where charset samples are added to the article body
HEADERS_OF_INTEREST = ("Host", "User-Agent", "Accept-Encoding", "Referer", "If-None-Match", "If-Modified-Since")
HTML = "text/html; charset=utf-8"
ERROR_PAGE = b"<!DOCTYPE html><html><head><title>Unavailable</title></head><body><h1>Try again later</h1></body></html>"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class Charset:
    """How the "charset" fault encodes an article, and the non-ASCII paragraph it adds to its body."""

    codec: str
    content_type: str
    meta: str  # replaces the page's <meta charset="utf-8"> ("" removes it)
    bom: bytes
    sample: str
    words: tuple[str, ...]  # words of the sample the extracted body must contain


CHARSETS = {
    # cp1252 bytes, while the header claims UTF-8 and the page declares nothing
    "cp1252": Charset(
        "cp1252",
        "text/html; charset=utf-8",
        "",
        b"",
        "At the café on Zürich Street, the mayor’s aide said the naïve pension plan had been "
        "shelved after a lengthy and heated debate in the council chamber.",
        ("café", "Zürich", "mayor’s", "naïve"),
    ),
    # Shift_JIS declared by <meta charset> only (予 and 表 hold a 0x5C byte)
    "shift_jis": Charset(
        "shift_jis",
        "text/html",
        '<meta charset="shift_jis">',
        b"",
        "東京都の議会は水曜日の夜、港湾の改修と鉄道の延伸を含む新しい予算案を賛成多数で可決した。"
        "市長は記者会見で歓迎の意を表した。",
        ("東京都の議会", "予算案", "意を表した"),
    ),
    # UTF-8 with a byte order mark, no charset anywhere
    "utf-8-sig": Charset(
        "utf-8",
        "text/html",
        "",
        codecs.BOM_UTF8,
        "The délégué from Malmö said the council’s façade repairs would be finished before the "
        "Øresund ferry season, the crème de la crème of this year's civic projects.",
        ("délégué", "Malmö", "council’s", "façade", "Øresund"),
    ),
}


@dataclass(frozen=True)
class Fault:
    """A fault and its options; `times` (for the kinds of DEFAULT_TIMES) is how many requests it spoils."""

    kind: str
    times: int | None = None
    status: int | None = None  # error_then_ok: ERROR_STATUS; retry_after: RETRY_AFTER_STATUS
    retry_after: int = RETRY_AFTER_SECONDS
    charset: str = "cp1252"  # a key of CHARSETS
    target: str = OFFSITE_TARGET  # redirect_offsite: the path is appended to it
    hops: int = REDIRECT_CHAIN
    declared: bool = True  # too_large: with a Content-Length header (else the end of the body is the close)
    before_headers: bool = False  # reset: before any byte of the answer (else in the middle of the body)

    def __post_init__(self) -> None:
        if self.kind not in FAULTS:
            raise ValueError(f"unknown fault {self.kind!r}; known: {', '.join(FAULTS)}")
        if self.kind == "charset" and self.charset not in CHARSETS:
            raise ValueError(f"unknown charset case {self.charset!r}; known: {', '.join(CHARSETS)}")

    @property
    def spoils(self) -> int:
        """How many requests of its path the fault spoils."""
        return self.times if self.times is not None else DEFAULT_TIMES.get(self.kind, ALWAYS)


CHAOS_FAULTS = (Fault("error_then_ok"), Fault("retry_after"), Fault("timeout"), Fault("reset"), Fault("short_body"))


def as_fault(value: Fault | str) -> Fault:
    return value if isinstance(value, Fault) else Fault(value)


@dataclass(frozen=True)
class FaultRequest(LoggedRequest):
    """One request the site answered, with when it arrived and the fault it got (None: served normally)."""

    query: str = ""
    time: float = 0.0  # time.monotonic() on arrival
    host: str = ""
    fault: str | None = None
    headers: tuple[tuple[str, str], ...] = ()  # HEADERS_OF_INTEREST the request had

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    @property
    def intact(self) -> bool:
        """Whether the page was served whole and in time (its text intact, if maybe in another encoding)."""
        return self.status == 200 and self.fault in (None, *TEXT_KEEPING_FAULTS)


class FaultSite(NewsSite):
    """A NewsSite whose handler injects `faults[path]`, or in random mode (`chaos` > 0) a transient fault of
    CHAOS_FAULTS on that share of the requests of other paths, drawn from random.Random(chaos_seed)."""

    def __init__(
        self,
        articles: int = 12,
        faults: Mapping[str, Fault | str] | None = None,
        chaos: float = 0.0,
        chaos_seed: int = 0,
        now: datetime | None = None,
        seed: int = 7,
        days: int = 30,
    ) -> None:
        super().__init__(articles=articles, now=now, seed=seed, days=days)
        self.faults: dict[str, Fault | str] = dict(faults or {})
        self.chaos = chaos
        self.hits: Counter[str] = Counter()  # requests per path
        self.stopping = threading.Event()  # ends stalls and drips when the site stops
        self.arrival = threading.local()  # the FaultRequest being answered normally, completed by log()
        self._chaos_random = random.Random(chaos_seed)

    def start(self) -> FaultSite:
        self.stopping.clear()
        super().start()
        assert self._server is not None
        self._server.RequestHandlerClass = _FaultHandler  # before anyone knows the port
        return self

    def stop(self) -> None:
        self.stopping.set()
        super().stop()

    def __enter__(self) -> FaultSite:
        return self.start()

    @property
    def requests(self) -> list[FaultRequest]:
        with self._lock:
            return [entry for entry in self.request_log if isinstance(entry, FaultRequest)]

    def requests_to(self, path: str) -> list[FaultRequest]:
        """The requests of a path (any query), in order of arrival."""
        return [entry for entry in self.requests if entry.path == path]

    def log(self, entry: LoggedRequest) -> None:
        """Log a request; those the plain handler answers get the arrival details the fault handler noted."""
        if not isinstance(entry, FaultRequest):
            noted: FaultRequest | None = getattr(self.arrival, "request", None)
            values = {item.name: getattr(entry, item.name) for item in fields(LoggedRequest)}
            entry = replace(noted, **values) if noted is not None else FaultRequest(**values, time=time.monotonic())
        super().log(entry)

    def fault_for(self, path: str) -> Fault | None:
        """The fault this request of `path` gets, counting it."""
        with self._lock:
            hit = self.hits[path]
            self.hits[path] += 1
            value = self.faults.get(path)
            if value is not None:
                fault = as_fault(value)
                if fault.kind == "robots" or (fault.kind in DEFAULT_TIMES and hit >= fault.spoils):
                    return None
                return fault
            if self.chaos and path not in CHAOS_EXEMPT and self._chaos_random.random() < self.chaos:
                return self._chaos_random.choice(CHAOS_FAULTS)
            return None

    def disallowed(self) -> list[str]:
        with self._lock:
            return sorted(path for path, value in self.faults.items() if as_fault(value).kind == "robots")

    def _robots(self) -> Page:
        page = super()._robots()
        rules = "".join(f"Disallow: {path}\n" for path in self.disallowed())
        text = page.body.decode().replace("User-agent: *\n", f"User-agent: *\n{rules}", 1)
        return Page(text.encode(), page.content_type, page.last_modified)

    def served_page(self, path: str) -> Page:
        """The page a fault spoils (faults are meant for existing pages: a missing one is a small HTML page)."""
        return self.page(path) or Page(ERROR_PAGE, HTML, self.created)

    def charset_body(self, path: str, case: Charset) -> bytes:
        """The article re-encoded as `case` says, with the sample paragraph added to its body."""
        text = self.served_page(path).body.decode()
        if UTF8_META not in text or STORY_END not in text:
            raise ValueError(f"{path} is not an article page of the news site")
        text = text.replace(UTF8_META, case.meta, 1).replace(STORY_END, f"\n<p>{case.sample}</p>{STORY_END}", 1)
        return case.bom + text.encode(case.codec, errors="xmlcharrefreplace")

    def large_body(self, path: str) -> bytes:
        """The page, padded with an HTML comment to LARGE_BYTES: a crawler ignoring the limit would write it."""
        body = self.served_page(path).body
        return body + b"<!--" + b"x" * max(0, LARGE_BYTES - len(body) - 7) + b"-->"

    def bomb_body(self, path: str) -> bytes:
        """The page, then spaces up to BOMB_BYTES, gzipped: about 100 KB."""
        return _gzipped_bomb(self.served_page(path).body)


class _FaultHandler(_Handler):
    """Answers a request with its fault, or as the plain news site does."""

    site: FaultSite
    noted: FaultRequest  # the request being answered, logged with its status and fault
    send_body: bool

    def _respond(self, send_body: bool) -> None:
        site = self.server.site
        assert isinstance(site, FaultSite)
        parts = urlsplit(self.path)
        noted = FaultRequest(
            self.command,
            parts.path,
            self.headers.get("If-None-Match"),
            self.headers.get("If-Modified-Since"),
            0,
            query=parts.query,
            time=time.monotonic(),
            host=self.headers.get("Host", ""),
            headers=tuple(
                (name, value) for name in HEADERS_OF_INTEREST if (value := self.headers.get(name)) is not None
            ),
        )
        self.site, self.noted, self.send_body = site, noted, send_body
        fault = site.fault_for(parts.path)
        if fault is None:
            site.arrival.request = noted
            try:
                super()._respond(send_body)
            finally:
                site.arrival.request = None
            return
        getattr(self, f"_{fault.kind}")(fault, parts.path, parts.query)

    # --- helpers ---

    def _log(self, status: int, fault: Fault | None) -> None:
        self.site.log(replace(self.noted, status=status, fault=fault.kind if fault else None))

    def _head(self, status: int, content_type: str, length: int | None, *extra: tuple[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length is not None:
            self.send_header("Content-Length", str(length))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()

    def _write(self, data: bytes) -> None:
        if self.send_body:
            self.wfile.write(data)

    def _answer(
        self, status: int, fault: Fault | None, content_type: str, body: bytes, *extra: tuple[str, str]
    ) -> None:
        self._log(status, fault)
        self._head(status, content_type, len(body), *extra)
        self._write(body)

    def _redirect(self, fault: Fault, location: str) -> None:
        self._log(302, fault)
        self._head(302, HTML, 0, ("Location", location))

    def _abort(self) -> None:
        """Close the connection with a TCP reset (SO_LINGER 0), not an orderly FIN."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()  # the socket closes for real once its file objects are closed
        self.connection.close()
        self.close_connection = True

    # --- faults ---

    def _error_then_ok(self, fault: Fault, path: str, query: str) -> None:
        self._answer(fault.status or ERROR_STATUS, fault, HTML, ERROR_PAGE)

    def _retry_after(self, fault: Fault, path: str, query: str) -> None:
        self._answer(
            fault.status or RETRY_AFTER_STATUS, fault, HTML, ERROR_PAGE, ("Retry-After", str(fault.retry_after))
        )

    def _timeout(self, fault: Fault, path: str, query: str) -> None:
        self._log(200, fault)
        if self.site.stopping.wait(STALL_SECONDS):
            return
        page = self.site.served_page(path)
        self._head(200, page.content_type, len(page.body))
        self._write(page.body)

    def _reset(self, fault: Fault, path: str, query: str) -> None:
        if fault.before_headers:
            self._log(NO_ANSWER, fault)
            self._abort()
            return
        page = self.site.served_page(path)
        self._log(200, fault)
        self._head(200, page.content_type, len(page.body))
        self._write(page.body[: len(page.body) // 2])
        self.site.stopping.wait(RESET_PAUSE)
        self._abort()

    def _short_body(self, fault: Fault, path: str, query: str) -> None:
        page = self.site.served_page(path)
        self._log(200, fault)
        self._head(200, page.content_type, len(page.body) + SHORT_BY)
        self._write(page.body)  # then the connection closes normally, SHORT_BY bytes early

    def _drip(self, fault: Fault, path: str, query: str) -> None:
        page = self.site.served_page(path)
        self._log(200, fault)
        self._head(200, page.content_type, len(page.body))
        for start in range(0, len(page.body), DRIP_BYTES):
            self._write(page.body[start : start + DRIP_BYTES])
            if self.site.stopping.wait(DRIP_INTERVAL):
                return

    def _redirect_loop(self, fault: Fault, path: str, query: str) -> None:
        self._redirect(fault, self.site.url(path if query == LOOP_QUERY else f"{path}?{LOOP_QUERY}"))

    def _redirect_chain(self, fault: Fault, path: str, query: str) -> None:
        hop = int(parse_qs(query).get(HOP, ["0"])[0])
        if hop < fault.hops:
            self._redirect(fault, self.site.url(f"{path}?{HOP}={hop + 1}"))
            return
        page = self.site.served_page(path)
        self._answer(200, None, page.content_type, page.body)  # the end of the chain: the page, served normally

    def _redirect_offsite(self, fault: Fault, path: str, query: str) -> None:
        self._redirect(fault, fault.target.rstrip("/") + path)

    def _charset(self, fault: Fault, path: str, query: str) -> None:
        case = CHARSETS[fault.charset]
        self._answer(200, fault, case.content_type, self.site.charset_body(path, case))

    def _pdf(self, fault: Fault, path: str, query: str) -> None:
        self._answer(200, fault, "application/pdf", PDF)

    def _image(self, fault: Fault, path: str, query: str) -> None:
        self._answer(200, fault, "image/png", PNG)

    def _too_large(self, fault: Fault, path: str, query: str) -> None:
        body = self.site.large_body(path)
        self._log(200, fault)
        self._head(200, HTML, len(body) if fault.declared else None)
        for start in range(0, len(body), STREAM_CHUNK):
            self._write(body[start : start + STREAM_CHUNK])

    def _gzip_bomb(self, fault: Fault, path: str, query: str) -> None:
        self._answer(200, fault, HTML, self.site.bomb_body(path), ("Content-Encoding", "gzip"))


@lru_cache(maxsize=4)
def _gzipped_bomb(body: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip framing
    parts = [packer.compress(body)]
    chunks, rest = divmod(max(0, BOMB_BYTES - len(body)), STREAM_CHUNK)
    padding = b" " * STREAM_CHUNK
    parts.extend(packer.compress(padding) for _ in range(chunks))
    parts.append(packer.compress(b" " * rest) + packer.flush())
    return b"".join(parts)


def _png() -> bytes:
    """A 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # width, height, 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


PNG = _png()
