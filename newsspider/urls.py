"""URL canonicalisation shared by the spider, extraction and deduplication."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that only track the visitor: they never select different content. Session ids are
# among them: a site that adds a new one to every link is a crawl trap.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|gclsrc|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl|ocid|cmpid|"
    r"ref|ref_src|referrer|share|smid|s_cid|spm|ito|icid|ncid|soc_src|soc_trk|sr_share|xtor|at_\w+|"
    r"sid|sessid|session_?id|phpsessid|jsessionid|aspsessionid\w*|cfid|cftoken|zenid|oscsid)$",
    re.IGNORECASE,
)
# Java servers put the session in the path: /story.html;jsessionid=0A1B2C
PATH_SESSION = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)
# Query parameters that ask for an alternative rendering (AMP, print, mobile) of the same article.
VARIANT_PARAMS = re.compile(r"^(amp|outputtype|print|mobile)$", re.IGNORECASE)
# Path spellings of AMP/print variants: /amp, /amp/, .amp.html, /print/ ...
VARIANT_PATH = re.compile(r"(/(amp|print)/?$)|(\.(amp|print))(?=\.html?$)|(^/(amp|print)(?=/))", re.IGNORECASE)
# Host prefixes of mobile and AMP variants (m.example.com, amp.example.com).
VARIANT_HOST = re.compile(r"^(m|mobile|amp)\.", re.IGNORECASE)
WEB_SCHEMES = frozenset({"http", "https"})
# URL prefixes an item may point to: the web, and local files (the offline demo site).
FETCHABLE_PREFIXES = ("http://", "https://", "file://")
# URL paths that only listing and utility pages have: decided without fetching the page. Query strings,
# numeric ids and index.html are no such evidence (news sites use them for articles).
NOT_ARTICLE_PATH = re.compile(
    r"/(tag|tags|category|categories|author|authors|search|feed|rss|login|account)(/|$|\.)|/page/\d+/?$",
    re.IGNORECASE,
)


def ascii_host(url: str) -> str:
    """A URL's host in lower-case IDNA form (bücher.example -> xn--bcher-kva.example), as Scrapy requests it:
    the one spelling every scope and offsite check compares."""
    host = urlsplit(url).hostname or ""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host  # not a valid name: no request can be made to it, and nothing will match it


def canonical_form(url: str) -> str:
    """Return the URL without fragment, tracking parameters and AMP/print/mobile markers."""
    keep = [
        (name, value)
        for name, value in _query_pairs(url)
        if not TRACKING_PARAMS.match(name) and not VARIANT_PARAMS.match(name)
    ]
    parts = urlsplit(url_query_cleaner(PATH_SESSION.sub("", url), [], remove=True))
    host = VARIANT_HOST.sub("", parts.netloc.lower()) if parts.scheme in WEB_SCHEMES else parts.netloc
    path = VARIANT_PATH.sub("", parts.path) or "/"
    query = "&".join(f"{name}={value}" if value else name for name, value in keep)
    return canonicalize_url(urlunsplit((parts.scheme, host, path, query, "")))


def without_tracking(url: str) -> str:
    """Return the URL minus fragment and tracking parameters: the address worth requesting."""
    if "?" not in url and "#" not in url and ";" not in url:
        return url  # nothing to remove (the dupefilter canonicalises the rest): links are many, keep this cheap
    url = PATH_SESSION.sub("", url)
    cleaned = url_query_cleaner(
        url, [name for name, _ in _query_pairs(url) if TRACKING_PARAMS.match(name)], remove=True, keep_fragments=False
    )
    return canonicalize_url(cleaned)


def is_variant(url: str) -> bool:
    """Whether a URL spells an AMP, print or mobile variant (cheaper than comparing canonical forms)."""
    parts = urlsplit(url)
    if VARIANT_PATH.search(parts.path) or (parts.scheme in WEB_SCHEMES and VARIANT_HOST.match(parts.netloc)):
        return True
    return any(VARIANT_PARAMS.match(name) for name, _ in _query_pairs(url))


def article_id(canonical_url: str) -> str:
    """Return the stable id of an article: the sha1 of its canonical URL."""
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()


def _query_pairs(url: str) -> list[tuple[str, str]]:
    query = urlsplit(url).query
    pairs = (part.partition("=") for part in query.split("&") if part)
    return [(name, value) for name, _, value in pairs]


def join_url(base: str, href: str = "") -> str | None:
    """href resolved against base; None for a URL that cannot be parsed ("http://[x", a port over 65535)."""
    try:
        url = urljoin(base, href)
        urlsplit(url).port  # noqa: B018 - parsing the port is what raises on a bad one
    except ValueError:
        return None
    return url


def safe_url(base: str, href: str = "") -> str | None:
    """href resolved against base, without tracking parameters; None when it cannot be parsed."""
    url = join_url(base, href)
    try:
        return without_tracking(url) if url is not None else None
    except ValueError:
        return None


def variant_origin(url: str) -> str | None:
    """The page a variant URL (AMP, print, mobile) copies: the URL without its variant markers."""
    try:
        return canonical_form(url)
    except ValueError:
        return None


def address_key(url: str) -> str:
    """A URL reduced to its address: no scheme, no www., no tracking parameters or fragment. Variant markers
    stay: an AMP or print copy has an address of its own."""
    try:
        form = canonicalize_url(without_tracking(url))
    except ValueError:
        return url
    return form.split("://", 1)[-1].removeprefix("www.")


def is_site_root(url: str) -> bool:
    """The home page of a site: a canonical link to it from an article page is a CMS mistake."""
    path = url.split("://", 1)[-1].partition("/")[2]
    return path.split("?")[0].strip("/") in ("", "index.html", "index.php")


def url_is_not_article(url: str) -> bool:
    """Whether the URL alone makes a non-article certain: tag, author, search and pagination pages."""
    return bool(NOT_ARTICLE_PATH.search(urlsplit(url).path))
