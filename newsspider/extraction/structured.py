"""Embedded metadata: JSON-LD and microdata (through extruct), OpenGraph and other meta tags."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor
from extruct.w3cmicrodata import LxmlMicrodataExtractor
from lxml import html

logger = logging.getLogger(__name__)

# schema.org types of an article page, most specific first; a WebPage is used only when nothing else is.
ARTICLE_TYPES = (
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "LiveBlogPosting",
    "BlogPosting",
    "Article",
    "Report",
    "TechArticle",
    "SocialMediaPosting",
    "ScholarlyArticle",
    "Review",
    "WebPage",
)
MAX_NODES = 5000  # a hostile JSON-LD blob with huge arrays is cut off here
JSONLD_SCRIPTS = '//script[@type="application/ld+json"]'
HTML_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)  # "&amp;", "&#8217;", "&frac12;"


@dataclass
class Metadata:
    """Embedded metadata of one page: the article node (JSON-LD or microdata), its graph, and meta tags."""

    article: dict[str, Any] = field(default_factory=dict)
    nodes: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)

    def meta_first(self, *names: str) -> str | None:
        """The content of the first of these meta names/properties the page has."""
        for name in names:
            if self.meta.get(name):
                return self.meta[name][0]
        return None

    def resolve(self, value: Any) -> Any:
        """Follow a JSON-LD {"@id": ...} reference to its node in the graph."""
        if isinstance(value, dict) and set(value) == {"@id"}:
            return next((node for node in self.nodes if node.get("@id") == value["@id"]), value)
        return value

    def of_type(self, *types: str) -> dict[str, Any] | None:
        """The first node of one of these schema.org types."""
        return next((node for node in self.nodes if _types(node) & set(types)), None)


def read_metadata(root: html.HtmlElement, base_url: str) -> Metadata:
    """Read JSON-LD, microdata and meta tags of a parsed page."""
    nodes = list(_jsonld_nodes(root, base_url)) + list(_microdata_nodes(root, base_url))
    metadata = Metadata(nodes=nodes, meta=_meta_tags(root))
    for wanted in ARTICLE_TYPES:
        node = metadata.of_type(wanted)
        if node is not None:
            metadata.article = node
            break
    return metadata


def as_list(value: Any) -> list[Any]:
    """JSON-LD values are a thing or a list of things: always give a list."""
    if value is None:
        return []
    return value[:MAX_NODES] if isinstance(value, list) else [value]


def text_of(value: Any) -> str | None:
    """The text of a JSON-LD value that may be a string, a list, or a node with a name."""
    for item in as_list(value):
        if isinstance(item, str | int | float) and str(item).strip():
            return str(item)
        if isinstance(item, dict):
            named = item.get("name") or item.get("@value") or item.get("text")
            if isinstance(named, str) and named.strip():
                return named
    return None


def _jsonld_nodes(root: html.HtmlElement, base_url: str) -> Iterator[dict[str, Any]]:
    extractor = JsonLdExtractor()
    for script in root.xpath(JSONLD_SCRIPTS):
        try:
            items = _unescaped(extractor.extract_items(script, base_url=base_url))
        except (ValueError, TypeError, RecursionError) as exc:
            logger.debug("Skipping unreadable JSON-LD on %s: %s", base_url, exc)
            continue
        yield from _flatten(items, 0)


def _unescaped(value: Any) -> Any:
    """A JSON-LD value with the HTML entities of its strings decoded ("Q&amp;A", "&quot;Strike&quot;"): CMSs
    escape text for HTML before writing it into a <script>, whose text no HTML parser decodes."""
    if isinstance(value, str):
        return unescape(value) if HTML_ENTITY.search(value) else value
    if isinstance(value, list):
        return [_unescaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _unescaped(item) for key, item in value.items()}
    return value


def _flatten(value: Any, depth: int) -> Iterator[dict[str, Any]]:
    """Yield every node of a JSON-LD document: lists, @graph and mainEntity nesting included."""
    if depth > 8:
        return
    for item in as_list(value):
        if not isinstance(item, dict):
            continue
        if "@type" in item:
            yield item
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
            if isinstance(item.get(key), list | dict):
                yield from _flatten(item[key], depth + 1)


def _microdata_nodes(root: html.HtmlElement, base_url: str) -> Iterator[dict[str, Any]]:
    """Microdata items, reshaped like JSON-LD nodes so one reader serves both."""
    if not root.xpath("//*[@itemscope][1]"):
        return
    try:
        items = LxmlMicrodataExtractor().extract_items(root, base_url)
    except (ValueError, TypeError, RecursionError) as exc:
        logger.debug("Skipping unreadable microdata on %s: %s", base_url, exc)
        return
    for item in items:
        yield _microdata_node(item)


def _microdata_node(item: dict[str, Any]) -> dict[str, Any]:
    types = [str(t).rsplit("/", 1)[-1] for t in as_list(item.get("type"))]
    node: dict[str, Any] = {"@type": types}
    for key, value in (item.get("properties") or {}).items():
        node[key] = _microdata_node(value) if isinstance(value, dict) and "type" in value else value
    return node


def _meta_tags(root: html.HtmlElement) -> dict[str, list[str]]:
    """meta name/property/itemprop -> contents, keys in lower case; OpenGraph read through extruct."""
    meta: dict[str, list[str]] = defaultdict(list)
    for item in OpenGraphExtractor().extract_items(root):
        for name, content in item.get("properties", []):
            meta[name.lower()].append(content)
    for element in root.iter("meta"):
        name = element.get("name") or element.get("itemprop") or element.get("http-equiv")
        if not name and element.get("property", "").lower() not in meta:
            name = element.get("property")  # OpenGraph outside <head>, which extruct does not read
        content = element.get("content")
        if name and content and content.strip():
            meta[name.strip().lower()].append(content.strip())
    return dict(meta)


def _types(node: dict[str, Any]) -> set[str]:
    return {str(t).rsplit("/", 1)[-1] for t in as_list(node.get("@type"))}
