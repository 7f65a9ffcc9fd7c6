"""What a page's kind is judged on: its URL, its declarations and its shape, as numbers for the page-kind model."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from urllib.parse import urlsplit

import numpy as np
from lxml import etree, html

from newsspider.extraction.blockcontext import NAME_GROUP_NAMES, name_words, words_bits
from newsspider.extraction.structured import Metadata, as_list
from newsspider.text import squash

# Words of URL path segments that sites across the web use for one kind of page.
URL_WORDS: dict[str, frozenset[str]] = {
    "article": frozenset("article articles story stories news post posts blog blogs opinion analysis a".split()),
    "listing": frozenset(
        "tag tags topic topics category categories section sections archive archives page "
        "search latest index list".split()
    ),
    "forum": frozenset(
        "forum forums thread threads t topic community discussion discussions board boards "
        "questions question viewtopic showthread comments".split()
    ),
    "product": frozenset("product products p dp shop store item items buy cart catalog collections".split()),
    "documentation": frozenset(
        "docs doc documentation manual reference api guide guides wiki kb learn "
        "tutorial tutorials latest stable en".split()
    ),
    "service": frozenset(
        "about contact services service pricing careers jobs team support help faq login account terms privacy".split()
    ),
}
# schema.org types, grouped by the kind of page they declare (JSON-LD and microdata alike).
SCHEMA_TYPES: dict[str, frozenset[str]] = {
    "news": frozenset(
        "NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle "
        "BackgroundNewsArticle ReviewNewsArticle Report".split()
    ),
    "article": frozenset("Article ScholarlyArticle SocialMediaPosting Review".split()),
    "blog": frozenset("BlogPosting Blog".split()),
    "live": frozenset({"LiveBlogPosting"}),
    "forum": frozenset("DiscussionForumPosting QAPage Question Answer Comment".split()),
    "product": frozenset("Product ProductGroup Offer AggregateOffer IndividualProduct Car Book".split()),
    "listing": frozenset("CollectionPage ItemList SearchResultsPage ProfilePage".split()),
    "documentation": frozenset("TechArticle APIReference SoftwareSourceCode SoftwareApplication HowTo".split()),
    "service": frozenset(
        "Organization LocalBusiness Service FAQPage ContactPage AboutPage Event Place "
        "Restaurant Course JobPosting".split()
    ),
    "recipe": frozenset({"Recipe"}),
    "webpage": frozenset("WebPage WebSite".split()),
}
# class/id words of the markup that one kind of page is built from (split as blockcontext.name_bits splits).
KIND_NAMES: dict[str, frozenset[str]] = {
    "forum": frozenset(
        "post posts message messages reply replies thread threads topic topics user username "
        "avatar vote votes karma poster postbody quote signature member".split()
    ),
    "product": frozenset(
        "cart basket price prices sku qty quantity checkout buy product products variant "
        "variants stock swatch addtocart wishlist rating reviews shipping".split()
    ),
    "documentation": frozenset(
        "toc docs doc documentation api code highlight syntax version versions sidenav tree chapter".split()
    ),
    "article": frozenset("article story byline author dateline published headline lede standfirst".split()),
}
OG_TYPES = ("article", "website", "product", "other")
COUNTED_TAGS = (
    "p",
    "h1",
    "h2",
    "h3",
    "a",
    "li",
    "article",
    "section",
    "form",
    "input",
    "button",
    "select",
    "table",
    "pre",
    "code",
    "img",
    "time",
    "nav",
    "aside",
    "blockquote",
    "dl",
    "textarea",
)
REPEATED_TAGS = frozenset({"li", "article", "div", "tr", "section"})  # the items of lists, grids and threads
LONG_PARAGRAPH = 120  # characters of a paragraph of prose, not a label or a teaser line
DATE_IN_PATH = re.compile(r"/(19|20)\d{2}[/-]\d{1,2}([/-]\d{1,2})?(/|-|$)")
DIGITS = re.compile(r"\d+")
# Amounts of money: what product pages, and few articles, print many of: "$ 12" and "12,50 €". The second
# kind is found from its currency back, so that the search does not start at every digit of the page; the
# amount is bounded, so that a run of 100,000 digits costs linear time.
SIGN_THEN_AMOUNT = re.compile(r"[$€£¥₹]\s?\d")
CURRENCY_AFTER_AMOUNT = re.compile(r"(?:€|\$|EUR|USD|GBP|CHF|zł|kr)(?!\w)")
AMOUNT_BEFORE_CURRENCY = re.compile(r"(?<![\d.,])\d[\d.,]{0,12}\s?$")
AMOUNT_REACH = 15  # characters before a currency that its amount can take
LINKED_HEADINGS = etree.XPath("count(//h2[.//a] | //h3[.//a] | //h4[.//a])")  # faster than one //*[self::...]
# Top-level <article> elements with a linked heading: the cards of a listing (comments have no such heading).
TEASER_CARDS = etree.XPath("count(//article[not(ancestor::article)][.//*[self::h2 or self::h3 or self::h4]//a])")
NESTED_LISTS = etree.XPath("count(//ul//ul//ul) + count(//ol//ol)")  # a table of contents or a docs tree
CLASS_VALUES = etree.XPath("//@class", smart_strings=False)
ID_VALUES = etree.XPath("//@id", smart_strings=False)
ELEMENTS = etree.XPath("count(//*)")
# Counted in C: iterating the elements in Python makes an lxml proxy for each of them. <h4> is counted for
# the share of linked headings (teaser cards use it), not as a feature of its own.
TAG_COUNTS = {tag: etree.XPath(f"count(//{tag})") for tag in (*COUNTED_TAGS, "h4")}
LINK_TEXT = etree.XPath("//a//text()", smart_strings=False)

FEATURES: tuple[str, ...] = (
    "url_segments",
    "url_length",
    "url_date",
    "url_slug_words",
    "url_digits",
    "url_query",
    "url_index",
    "url_html",
    *(f"url_{kind}" for kind in URL_WORDS),
    *(f"og_{kind}" for kind in OG_TYPES),
    "og_missing",
    *(f"schema_{group}" for group in SCHEMA_TYPES),
    "schema_published",
    "schema_author",
    "schema_body",
    "meta_published",
    "meta_author",
    "elements",
    *(f"tag_{tag}" for tag in COUNTED_TAGS),
    "text",
    "link_text_share",
    "long_paragraphs",
    "long_paragraph_share",
    "prose_block",
    "prose_block_share",
    "linked_headings",
    "linked_heading_share",
    "teaser_cards",
    "repeat_max",
    "repeat_share",
    "nested_lists",
    "prices",
    *(f"names_{group}" for group in NAME_GROUP_NAMES),
    *(f"kind_names_{kind}" for kind in KIND_NAMES),
    "h1_in_article",
)


def page_features(root: html.HtmlElement, url: str, metadata: Metadata) -> np.ndarray:
    """One page's FEATURES, in that order."""
    values = [*_url_features(url), *_declared_features(metadata), *_shape_features(root)]
    return np.array(values, dtype=float)


def _url_features(url: str) -> list[float]:
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.lower().split("/") if segment]
    words = {word for segment in segments for word in re.split(r"[-_.]", segment)}
    last = segments[-1] if segments else ""
    return [
        len(segments),
        len(url),
        bool(DATE_IN_PATH.search(parts.path)),
        max((len(segment.split("-")) for segment in segments), default=0),
        max((len(run) for run in DIGITS.findall(parts.path)), default=0),
        bool(parts.query),
        last.startswith("index.") or parts.path.endswith("/"),
        last.endswith((".html", ".htm", ".php", ".aspx")),
        *(len(words & vocabulary) for vocabulary in URL_WORDS.values()),
    ]


def _declared_features(metadata: Metadata) -> list[float]:
    og_type = (metadata.meta_first("og:type") or "").lower()
    og_kind = next((kind for kind in OG_TYPES[:-1] if og_type.startswith(kind)), "other" if og_type else "")
    types = [str(value).rsplit("/", 1)[-1] for node in metadata.nodes for value in as_list(node.get("@type"))]
    article = metadata.article
    return [
        *(og_kind == kind for kind in OG_TYPES),
        not og_type,
        *(sum(kind in group for kind in types) for group in SCHEMA_TYPES.values()),
        bool(article.get("datePublished")),
        bool(article.get("author")),
        bool(article.get("articleBody")),
        bool(metadata.meta_first("article:published_time", "datePublished", "date", "pubdate")),
        bool(metadata.meta_first("author", "article:author")),
    ]


def _shape_features(root: html.HtmlElement) -> list[float]:
    tags = {tag: int(count(root)) for tag, count in TAG_COUNTS.items()}
    elements = max(1, int(ELEMENTS(root)))
    names, kind_names = _name_counts(root)
    text, visible = _visible_text(root)
    link_text = sum(map(len, LINK_TEXT(root)))
    prose_count, prose_total, prose_best = _prose(root)
    repeat_max = _largest_repeat(root)
    linked, headings = float(LINKED_HEADINGS(root)), tags["h2"] + tags["h3"] + tags["h4"]
    return [
        elements,
        *(tags[tag] for tag in COUNTED_TAGS),
        visible,
        link_text / visible,
        prose_count,
        prose_total / visible,
        prose_best,
        prose_best / visible,
        linked,
        linked / max(1.0, headings),
        float(TEASER_CARDS(root)),
        repeat_max,
        repeat_max / elements,
        float(NESTED_LISTS(root)),
        _prices(text),
        *(names[group] / elements for group in NAME_GROUP_NAMES),
        *(kind_names[kind] for kind in KIND_NAMES),
        any(True for h1 in root.iter("h1") for _ in h1.iterancestors("article")),
    ]


def _prices(text: str) -> int:
    """How many amounts of money the text prints."""
    after = sum(
        1
        for currency in CURRENCY_AFTER_AMOUNT.finditer(text)
        if AMOUNT_BEFORE_CURRENCY.search(text, max(0, currency.start() - AMOUNT_REACH), currency.start())
    )
    return len(SIGN_THEN_AMOUNT.findall(text)) + after


def _name_counts(root: html.HtmlElement) -> tuple[dict[str, int], dict[str, int]]:
    """How many class and id values use the words of each NAME_GROUPS group, and of each KIND_NAMES kind."""
    bits_seen: Counter[int] = Counter()  # counted by bit set, expanded to groups once at the end
    kinds_seen: Counter[frozenset[str]] = Counter()
    for attributes, elements in _class_and_id_values(root).items():
        bits, kinds = _name_meaning(attributes)
        bits_seen[bits] += elements
        kinds_seen[kinds] += elements
    names = {
        group: sum(count for bits, count in bits_seen.items() if bits >> index & 1)
        for index, group in enumerate(NAME_GROUP_NAMES)
    }
    return names, {kind: sum(count for kinds, count in kinds_seen.items() if kind in kinds) for kind in KIND_NAMES}


def _class_and_id_values(root: html.HtmlElement) -> Counter[str]:
    """How many times each class value and each id value occurs. Read as strings, so that no element object
    is made for them; an element with both counts once for each."""
    values = Counter(CLASS_VALUES(root))
    values.update(ID_VALUES(root))
    return values


def _visible_text(root: html.HtmlElement) -> tuple[str, int]:
    """The body's text, whitespace collapsed, and its length without the scripts' and styles' text."""
    body = root.find("body")
    body = body if body is not None else root
    text = squash(body.text_content())
    scripts = sum(len(squash(script.text or "")) for script in body.iter("script", "style"))
    return text, max(1, len(text) - scripts)


def _largest_repeat(root: html.HtmlElement) -> int:
    """The most siblings of one tag and class under one parent: the items of a grid, a list or a thread."""
    # keyed by the parent element itself: the id() of an lxml proxy is reused once the proxy is freed
    siblings = Counter(
        (element.getparent(), element.tag, element.get("class", "")) for element in root.iter(*REPEATED_TAGS)
    )
    return max(siblings.values(), default=0)


@lru_cache(maxsize=20_000)
def _name_meaning(names: str) -> tuple[int, frozenset[str]]:
    """The NAME_GROUPS bits (as blockcontext.name_bits) and the KIND_NAMES kinds of an element's class and id,
    its words split once (cached: pages repeat their names)."""
    words = set(name_words(names))
    return words_bits(words), frozenset(kind for kind, vocabulary in KIND_NAMES.items() if words & vocabulary)


def _prose(root: html.HtmlElement) -> tuple[int, int, int]:
    """The page's long paragraphs: how many, their characters, and the most of them under one parent."""
    count, total = 0, 0
    by_parent: Counter[html.HtmlElement | None] = Counter()
    for paragraph in root.iter("p"):
        length = len(squash(paragraph.text_content()))
        if length >= LONG_PARAGRAPH:
            count += 1
            total += length
            by_parent[paragraph.getparent()] += length
    return count, total, max(by_parent.values(), default=0)
