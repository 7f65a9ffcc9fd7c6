"""A generated news site served over HTTP on 127.0.0.1, for crawls run as cron would run them.

Articles are dated over the past ~30 days; listings show only the latest ones, so older articles are
reachable through the sitemaps (and the feeds) alone. Every page answers conditional requests (ETag,
Last-Modified -> 304), and every request is logged for the tests to inspect.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import random
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import quote, urlsplit

SITE_NAME = "The Loopback Ledger"
SECTIONS = ("world", "business")  # articles alternate between them, by number
TAG = "politics"  # the tag of every world article
LISTED = 5  # articles on the home page, on each section page and on the tag page
FEED_ITEMS = 20
NEWS_SITEMAP_AGE = timedelta(days=2)  # Google News sitemaps list the articles of the last two days
PARAGRAPHS = 5

WORDS = (
    "council harbour budget ministry tariff senate coalition election ballot mayor treasury pension railway "
    "bridge reservoir drought harvest grain shipping freight union strike wage inflation bond market lender "
    "factory battery turbine pipeline refinery copper lithium export import customs border ferry airport "
    "runway hospital clinic vaccine school teacher curriculum university tuition court judge verdict appeal "
    "inquiry auditor report survey census district province village coast valley river glacier forest "
    "wildfire flood storm levee dam canal tunnel tram bus fare ticket subsidy grant levy audit contract "
    "tender merger shareholder dividend quarter forecast deficit surplus reserve currency exchange "
    "investor startup retailer warehouse landlord tenant rent mortgage housing permit zoning planner "
    "architect museum archive festival theatre orchestra stadium league coach referee spokesperson "
    "official minister governor delegate negotiator diplomat envoy treaty summit sanction embargo quota "
    "fishery trawler orchard vineyard dairy cooperative farmer engineer inspector regulator watchdog "
    "committee hearing testimony amendment draft statute decree charter mandate"
).split()
ADJECTIVES = (
    "regional provisional revised annual cautious sharp modest surprising lengthy disputed unanimous "
    "delayed emergency northern southern coastal rural municipal federal independent temporary record "
    "fragile steady narrow broad quiet heated"
).split()
VERBS = (
    "approved rejected postponed reviewed questioned announced expanded trimmed defended criticised "
    "welcomed challenged published suspended extended endorsed blocked proposed revisited confirmed"
).split()
PLACES = (
    "Port Saltmere",
    "Valdoria",
    "Eastmarch",
    "Kessrow",
    "Lindholm",
    "New Ardent",
    "Corran Bay",
    "Tessaly",
    "Brightwater",
    "Oldmoor",
    "Marrow Falls",
    "Quillon",
    "Stavenport",
    "Juniper Ridge",
    "Halvard",
)
PEOPLE = (
    "Amara Okafor",
    "Lukas Brenner",
    "Priya Raman",
    "Tomasz Wilk",
    "Helena Marsh",
    "Diego Ferraz",
    "Ingrid Solberg",
    "Yusuf Demir",
    "Clara Nguyen",
    "Owen Gallagher",
    "Mei Tanaka",
    "Rafael Costa",
)
TIMES = (
    "on Monday",
    "on Tuesday",
    "late on Wednesday",
    "on Thursday",
    "on Friday",
    "over the weekend",
    "this week",
    "last month",
    "earlier this year",
    "after midnight",
)


@dataclass
class Article:
    """One generated article; `version` grows with each change of its content."""

    number: int
    section: str
    title: str
    standfirst: str
    author: str
    published: datetime
    paragraphs: list[str]
    modified: datetime | None = None
    version: int = 1
    path: str = field(init=False)

    def __post_init__(self) -> None:
        slug = "-".join(word.lower() for word in self.title.split())
        self.path = f"/news/{self.published:%Y/%m/%d}/{slug}-{self.number}.html"

    @property
    def last_modified(self) -> datetime:
        return self.modified or self.published

    @property
    def etag(self) -> str:
        return f'"a{self.number}-v{self.version}"'


@dataclass(frozen=True)
class LoggedRequest:
    """One request the site answered."""

    method: str
    path: str
    if_none_match: str | None
    if_modified_since: str | None
    status: int


@dataclass(frozen=True)
class Page:
    """A response body with its type and validators."""

    body: bytes
    content_type: str
    last_modified: datetime
    etag: str = ""

    def __post_init__(self) -> None:
        if not self.etag:
            object.__setattr__(self, "etag", f'"{hashlib.sha1(self.body).hexdigest()[:16]}"')


class NewsSite:
    """An in-memory news site (articles newest first) and the threaded HTTP server that serves it."""

    def __init__(self, articles: int = 30, now: datetime | None = None, seed: int = 7, days: int = 30) -> None:
        self.now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self.created = self.now - timedelta(days=days + 1)
        self.seed = seed
        self.delay = 0.0  # seconds each response waits before it is sent: makes a crawl last
        self.compress_pages = False  # send HTML pages gzip-encoded to clients that accept it
        self.redesigned = False  # bylines in markup no extractor knows, and no author in the JSON-LD
        self.sent: dict[str, bytes] = {}  # path -> the last body sent for it, as it went on the wire
        self.request_log: list[LoggedRequest] = []
        self._random = random.Random(seed)
        self._lock = threading.RLock()
        self._oldest_first: list[Article] = []
        self._by_path: dict[str, Article] = {}
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        span = timedelta(days=days)
        for index in range(articles):
            published = self.now - span * (articles - index - 0.5) / articles
            self._add(published.replace(microsecond=0))

    # --- content ---

    @property
    def articles(self) -> list[Article]:
        """All articles, newest first."""
        with self._lock:
            return self._oldest_first[::-1]

    def article(self, number: int) -> Article:
        with self._lock:
            return self._oldest_first[number - 1]

    def article_by_path(self, path: str) -> Article:
        with self._lock:
            return self._by_path[path]

    def add_articles(self, count: int) -> list[Article]:
        """Publish `count` new articles, dated now (a second apart, the last one newest)."""
        with self._lock:
            newest = self._oldest_first[-1].published if self._oldest_first else self.created
            end = max(_utc_now(), newest + timedelta(seconds=count))
            added = [self._add(end - timedelta(seconds=count - 1 - index)) for index in range(count)]
            self.now = max(self.now, end)
            return added

    def change_article(self, number: int) -> Article:
        """Add a paragraph to an article: new dateModified, new version, new ETag."""
        with self._lock:
            article = self.article(number)
            article.version += 1
            article.modified = max(_utc_now(), article.last_modified + timedelta(seconds=1))
            rng = random.Random(f"{self.seed}:{number}:{article.version}")
            article.paragraphs.append(f"Update: {_paragraph(rng)}")
            self.now = max(self.now, article.modified)
            return article

    def _add(self, published: datetime) -> Article:
        number = len(self._oldest_first) + 1
        rng = self._random
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(WORDS)} {rng.choice(VERBS)} in {rng.choice(PLACES)}".title()
        article = Article(
            number=number,
            section=SECTIONS[number % len(SECTIONS)],
            title=title,
            standfirst=_sentence(rng),
            author=rng.choice(PEOPLE),
            published=published,
            paragraphs=[_paragraph(rng) for _ in range(PARAGRAPHS)],
        )
        self._oldest_first.append(article)
        self._by_path[article.path] = article
        return article

    # --- server ---

    @property
    def base(self) -> str:
        assert self._server is not None, "the site is not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def article_urls(self) -> list[str]:
        """Absolute URLs of all articles, newest first."""
        return [self.url(article.path) for article in self.articles]

    def reset_log(self) -> None:
        with self._lock:
            self.request_log.clear()

    def start(self) -> NewsSite:
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="news-site", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.shutdown()
        self._thread.join()
        self._server.server_close()  # closes the socket, joins the request threads
        self._thread = None

    def __enter__(self) -> NewsSite:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    def log(self, entry: LoggedRequest) -> None:
        with self._lock:
            self.request_log.append(entry)

    # --- pages ---

    def page(self, path: str) -> Page | None:
        """The page at a path, or None (404)."""
        with self._lock:
            article = self._by_path.get(path)
            if article is not None:
                return Page(
                    self._article_page(article).encode(),
                    "text/html; charset=utf-8",
                    article.last_modified,
                    article.etag,
                )
            pages = {
                "/robots.txt": self._robots,
                "/sitemap_index.xml": self._sitemap_index,
                "/sitemap-news.xml": self._news_sitemap,
                "/sitemap-articles.xml.gz": self._articles_sitemap,
                "/feed.rss": self._rss,
                "/feed.atom": self._atom,
                "/": self._home,
                "/about.html": self._about,
                f"/tag/{TAG}/": self._tag,
            }
            if path.startswith("/section/") and path.strip("/").removeprefix("section/") in SECTIONS:
                return self._section(path.strip("/").removeprefix("section/"))
            render = pages.get(path)
            return render() if render is not None else None

    def _latest(self, articles: Iterable[Article] | None = None, count: int = LISTED) -> list[Article]:
        return list(articles if articles is not None else self.articles)[:count]

    def _updated(self, articles: Iterable[Article]) -> datetime:
        return max((article.last_modified for article in articles), default=self.created)

    def _robots(self) -> Page:
        text = f"User-agent: *\nAllow: /\n\nSitemap: {self.base}/sitemap_index.xml\n"
        return Page(text.encode(), "text/plain; charset=utf-8", self.created)

    def _sitemap_index(self) -> Page:
        updated = self._updated(self.articles)
        entries = "".join(
            f"<sitemap><loc>{self.base}{path}</loc><lastmod>{_iso(updated)}</lastmod></sitemap>\n"
            for path in ("/sitemap-news.xml", "/sitemap-articles.xml.gz")
        )
        return Page(
            _xml(f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</sitemapindex>'),
            "application/xml; charset=utf-8",
            updated,
        )

    def _news_sitemap(self) -> Page:
        recent = [article for article in self.articles if article.published >= self.now - NEWS_SITEMAP_AGE]
        entries = "".join(
            f"<url><loc>{self.url(article.path)}</loc><news:news><news:publication>"
            f"<news:name>{SITE_NAME}</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{_iso(article.published)}</news:publication_date>"
            f"<news:title>{_esc(article.title)}</news:title></news:news></url>\n"
            for article in recent
        )
        body = _xml(
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{entries}</urlset>'
        )
        return Page(body, "application/xml; charset=utf-8", self._updated(recent))

    def _articles_sitemap(self) -> Page:
        entries = "".join(
            f"<url><loc>{self.url(article.path)}</loc><lastmod>{_iso(article.last_modified)}</lastmod></url>\n"
            for article in self.articles
        )
        body = _xml(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>')
        return Page(gzip.compress(body, mtime=0), "application/x-gzip", self._updated(self.articles))

    def _rss(self) -> Page:
        latest = self._latest(count=FEED_ITEMS)
        items = "".join(
            f"<item><title>{_esc(article.title)}</title><link>{self.url(article.path)}</link>"
            f'<guid isPermaLink="true">{self.url(article.path)}</guid>'
            f"<pubDate>{format_datetime(article.published, usegmt=True)}</pubDate>"
            f"<dc:creator>{article.author}</dc:creator><category>{article.section.title()}</category>"
            f"<description>{_esc(article.standfirst)}</description></item>\n"
            for article in latest
        )
        body = _xml(
            '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>'
            f"<title>{SITE_NAME}</title><link>{self.base}/</link><description>Latest news from {SITE_NAME}"
            f"</description><language>en</language>"
            f"<lastBuildDate>{format_datetime(self._updated(latest), usegmt=True)}</lastBuildDate>"
            f'<atom:link href="{self.base}/feed.rss" rel="self" type="application/rss+xml"/>\n'
            f"{items}</channel>\n</rss>"
        )
        return Page(body, "application/rss+xml; charset=utf-8", self._updated(latest))

    def _atom(self) -> Page:
        latest = self._latest(count=FEED_ITEMS)
        entries = "".join(
            f"<entry><title>{_esc(article.title)}</title><id>{self.url(article.path)}</id>"
            f'<link rel="alternate" type="text/html" href="{self.url(article.path)}"/>'
            f"<published>{_iso(article.published)}</published><updated>{_iso(article.last_modified)}</updated>"
            f"<author><name>{article.author}</name></author><summary>{_esc(article.standfirst)}</summary>"
            "</entry>\n"
            for article in latest
        )
        body = _xml(
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>{SITE_NAME}</title>'
            f"<id>{self.base}/</id><updated>{_iso(self._updated(latest))}</updated>"
            f'<link rel="self" type="application/atom+xml" href="{self.base}/feed.atom"/>'
            f'<link rel="alternate" type="text/html" href="{self.base}/"/>\n{entries}</feed>'
        )
        return Page(body, "application/atom+xml; charset=utf-8", self._updated(latest))

    def _home(self) -> Page:
        latest = self._latest()
        main = f'<section class="latest"><h2 class="block-title">Latest news</h2>{self._cards(latest)}</section>'
        return self._html_page(
            "/",
            f"{SITE_NAME}: news from Valdoria and beyond",
            main,
            latest,
            description="Independent news, business and politics from Valdoria.",
        )

    def _section(self, name: str) -> Page:
        listed = self._latest(article for article in self.articles if article.section == name)
        main = f'<h1 class="page-title">{name.title()}</h1>{self._cards(listed)}'
        return self._html_page(f"/section/{name}/", f"{name.title()} | {SITE_NAME}", main, listed)

    def _tag(self) -> Page:
        listed = self._latest(article for article in self.articles if article.section == "world")
        main = f'<h1 class="page-title">Topic: {TAG.title()}</h1>{self._cards(listed)}'
        return self._html_page(f"/tag/{TAG}/", f"{TAG.title()} | {SITE_NAME}", main, listed)

    def _about(self) -> Page:
        main = (
            '<h1 class="page-title">About us</h1>'
            f"<p>{SITE_NAME} has reported on Valdoria and its neighbours since 1921. The newsroom is funded "
            "by its readers and owned by a trust that guarantees its editorial independence.</p>"
            "<p>Our reporters cover politics, business and the world from offices in Port Saltmere and "
            "Eastmarch. Corrections are published at the foot of the article they concern.</p>"
            '<h2 id="staff">Staff</h2><ul class="staff">' + "".join(f"<li>{person}</li>" for person in PEOPLE) + "</ul>"
        )
        return self._html_page("/about.html", f"About us | {SITE_NAME}", main, [])

    def _cards(self, articles: list[Article]) -> str:
        return "".join(
            f'<article class="card card--{article.section}"><h2 class="card-title">'
            f'<a href="{article.path}">{_esc(article.title)}</a></h2>'
            f'<p class="dek">{_esc(article.standfirst)}</p><p class="card-meta">By {article.author} · '
            f'<time datetime="{_iso(article.published)}">{_human(article.published)}</time></p></article>\n'
            for article in articles
        )

    def _html_page(self, path: str, title: str, main: str, listed: list[Article], description: str = "") -> Page:
        head = (
            f'<meta name="description" content="{_esc(description or title)}">'
            f'<link rel="canonical" href="{self.url(path)}">'
            '<meta property="og:type" content="website">'
            f'<meta property="og:site_name" content="{SITE_NAME}">'
            f'<meta property="og:title" content="{_esc(title)}">'
        )
        body = _document(
            title,
            head,
            self._header(),
            f'<main id="main" class="listing">{main}</main>',
            self._footer(),
            body_class="listing-page",
        )
        return Page(body.encode(), "text/html; charset=utf-8", self._updated(listed) if listed else self.created)

    def _byline(self, article: Article) -> str:
        """The byline's start; after a redesign, the name sits in a data attribute, as a script renders it."""
        if self.redesigned:
            return f'<div class="story-meta"><span class="contributor-chip" data-contributor="{article.author}"></span>'
        return (
            f'<div class="byline"><span class="author">By <a rel="author" href="/about.html#staff">'
            f"{article.author}</a></span>"
        )

    def _article_page(self, article: Article) -> str:
        url = self.url(article.path)
        modified = article.modified
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": url,
            "headline": article.title,
            "description": article.standfirst,
            "datePublished": _iso(article.published),
            "dateModified": _iso(article.last_modified),
            "articleSection": article.section.title(),
            "inLanguage": "en",
            **(
                {}
                if self.redesigned
                else {"author": [{"@type": "Person", "name": article.author, "url": self.url("/about.html#staff")}]}
            ),
            "publisher": {"@type": "NewsMediaOrganization", "name": SITE_NAME, "url": self.base + "/"},
        }
        head = (
            f'<meta name="description" content="{_esc(article.standfirst)}">'
            f'<link rel="canonical" href="{url}">'
            '<meta property="og:type" content="article">'
            f'<meta property="og:site_name" content="{SITE_NAME}">'
            f'<meta property="og:title" content="{_esc(article.title)}">'
            f'<meta property="og:url" content="{url}">'
            f'<meta property="article:published_time" content="{_iso(article.published)}">'
            + (f'<meta property="article:modified_time" content="{_iso(modified)}">' if modified else "")
            + f'<meta property="article:section" content="{article.section.title()}">'
            f'<script type="application/ld+json">{json.dumps(data)}</script>'
        )
        updated = (
            (f' · <span class="updated">Updated <time datetime="{_iso(modified)}">{_human(modified)}</time></span>')
            if modified
            else ""
        )
        share = quote(url, safe="")
        paragraphs = "\n".join(f"<p>{_esc(text)}</p>" for text in article.paragraphs)
        related = "".join(
            f'<li><a href="{other.path}">{_esc(other.title)}</a></li>' for other in self._related(article)
        )
        main = (
            f'<main id="main"><article class="story story--{article.section}">'
            f'<p class="kicker"><a href="/section/{article.section}/">{article.section.title()}</a></p>'
            f'<h1 class="headline">{_esc(article.title)}</h1>'
            f'<p class="standfirst">{_esc(article.standfirst)}</p>'
            f"{self._byline(article)} · "
            f'<time datetime="{_iso(article.published)}">{_human(article.published)}</time>{updated}</div>'
            f'<div class="share-bar" aria-label="Share this article">'
            f'<a class="share share--email" href="mailto:?subject={quote(article.title)}&amp;body={share}">'
            'Email</a> <button class="share share--copy" type="button">Copy link</button> '
            '<button class="share share--print" type="button">Print</button></div>'
            f'<div class="story-body">\n{paragraphs}\n</div></article>'
            f'<aside class="related" aria-label="Related stories"><h2>Related stories</h2>'
            f"<ul>{related}</ul></aside></main>"
        )
        return _document(
            f"{_esc(article.title)} | {SITE_NAME}",
            head,
            self._header(),
            main,
            self._footer(),
            body_class="article-page",
        )

    def _related(self, article: Article) -> list[Article]:
        """Two other articles: the next newer ones (the newest link among themselves), so that an article links
        only to articles at least as recent as the third newest."""
        newest_first = self.articles
        index = newest_first.index(article)
        candidates = newest_first[max(0, index - 2) : index][::-1] if index >= 2 else newest_first[:3]
        return [other for other in candidates if other is not article][:2]

    def _header(self) -> str:
        links = [
            ("/", "Home"),
            *((f"/section/{name}/", name.title()) for name in SECTIONS),
            (f"/tag/{TAG}/", TAG.title()),
            ("/about.html", "About us"),
        ]
        nav = "".join(f'<li><a href="{path}">{label}</a></li>' for path, label in links)
        return (
            f'<header class="site-header"><a class="brand" href="/">{SITE_NAME}</a>'
            f'<nav class="main-nav" aria-label="Sections"><ul>{nav}</ul></nav></header>'
        )

    def _footer(self) -> str:
        return (
            '<footer class="site-footer"><p><a href="/about.html">About us</a> · '
            f'<a href="/section/world/">World</a> · <a href="/section/business/">Business</a></p>'
            f"<p>© {self.now.year} {SITE_NAME}. All rights reserved.</p></footer>"
        )


def _document(title: str, head: str, header: str, main: str, footer: str, body_class: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>\n{head}\n"
        '<link rel="alternate" type="application/rss+xml" title="Latest" href="/feed.rss">'
        '<link rel="alternate" type="application/atom+xml" title="Latest" href="/feed.atom">'
        "<style>body{font-family:Georgia,serif;max-width:960px;margin:0 auto}</style>\n</head>\n"
        f'<body class="{body_class}">\n{header}\n{main}\n{footer}\n</body>\n</html>\n'
    )


class _Server(ThreadingHTTPServer):
    """Request threads are not daemons: server_close() joins them."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, site: NewsSite) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a crawler killed mid-response
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 10  # a connection that sends nothing does not hold a thread forever
    server_version = "LoopbackLedger/1.0"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        site = self.server.site
        path = urlsplit(self.path).path
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        page = site.page(path)
        if page is None:
            status = 404
        elif _not_modified(page, if_none_match, if_modified_since):
            status = 304
        else:
            status = 200
        site.log(LoggedRequest(self.command, path, if_none_match, if_modified_since, status))
        if site.delay:
            time.sleep(site.delay)
        if page is None:
            body = b"<!DOCTYPE html><html><head><title>Not found</title></head><body><h1>Not found</h1></body></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)
            return
        self.send_response(status)
        self.send_header("ETag", page.etag)
        self.send_header("Last-Modified", format_datetime(page.last_modified, usegmt=True))
        self.send_header("Cache-Control", "max-age=0, must-revalidate")
        if status == 304:
            self.end_headers()
            return
        body = page.body
        if site.compress_pages and page.content_type.startswith("text/html") and _accepts_gzip(self.headers):
            body = gzip.compress(body, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            site.sent[path] = body
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _accepts_gzip(headers: Any) -> bool:
    return "gzip" in (headers.get("Accept-Encoding") or "")


def _not_modified(page: Page, if_none_match: str | None, if_modified_since: str | None) -> bool:
    """RFC 9110: If-None-Match decides when present (weak comparison); else If-Modified-Since."""
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or page.etag in tags
    if if_modified_since is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return page.last_modified <= since
    return False


def _sentence(rng: random.Random) -> str:
    """One sentence of invented news prose."""
    words = rng.choices(WORDS, k=rng.randint(5, 9))
    subject = f"The {rng.choice(ADJECTIVES)} {words[0]}"
    middle = " ".join(words[1:-1])
    clause = rng.choice(
        (
            f"{subject} {rng.choice(VERBS)} the {middle} {_when(rng)}",
            f"In {rng.choice(PLACES)}, {subject.lower()} {rng.choice(VERBS)} the {middle} plan {_when(rng)}",
            f"{rng.choice(PEOPLE)} said the {middle} would be {rng.choice(VERBS)} {_when(rng)}",
            f"Officials in {rng.choice(PLACES)} {rng.choice(VERBS)} the {middle} and the {words[-1]}",
        )
    )
    return clause + "."


def _when(rng: random.Random) -> str:
    return rng.choice(TIMES)


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 4)))


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _xml(root: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{root}\n'.encode()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _human(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
