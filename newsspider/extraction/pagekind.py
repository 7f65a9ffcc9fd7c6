"""What kind of page a fetched page is (article, listing, forum, product, documentation, other), and why."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from lxml import html
from scrapy.http import TextResponse

from newsspider.extraction.article import CANONICAL, document_root, saved_response
from newsspider.extraction.pagefeatures import FEATURES, page_features
from newsspider.extraction.structured import Metadata, read_metadata
from newsspider.extraction.trees import TreeEnsemble, model_spec
from newsspider.urls import safe_url, url_is_not_article

MODEL_FILE = "pagekind.json"  # in newsspider/models/, written by benchmarks/train_page_model.py
KINDS = ("article", "listing", "forum", "product", "documentation", "other")
# Features quoted in a decision's reason: how they read, and the kind they speak for.
EVIDENCE = {
    "schema_news": ("JSON-LD/microdata declares a news article", "article"),
    "schema_article": ("declares an Article", "article"),
    "schema_blog": ("declares a BlogPosting", "article"),
    "schema_live": ("declares a LiveBlogPosting", "article"),
    "og_article": ("og:type is article", "article"),
    "url_date": ("a date in the URL", "article"),
    "long_paragraphs": ("long paragraphs of prose", "article"),
    "schema_listing": ("declares a CollectionPage or ItemList", "listing"),
    "teaser_cards": ("teaser cards", "listing"),
    "linked_headings": ("headings that link elsewhere", "listing"),
    "schema_forum": ("declares a forum or Q&A posting", "forum"),
    "kind_names_forum": ("post and reply markup", "forum"),
    "schema_product": ("declares a Product or Offer", "product"),
    "og_product": ("og:type is product", "product"),
    "prices": ("prices", "product"),
    "kind_names_product": ("cart and price markup", "product"),
    "schema_documentation": ("declares a TechArticle", "documentation"),
    "nested_lists": ("a nested link tree", "documentation"),
    "tag_pre": ("code blocks", "documentation"),
    "schema_service": ("declares an Organization, Service or FAQ", "other"),
    "url_service": ("an about, contact or service URL", "other"),
}


# A page whose JSON-LD or microdata declares a news article or a live blog, and no listing, is an article
# whatever its shape: no page of another kind in the tune halves (164 pages) declares one, while the trees
# missed some that did (a results table under a NewsArticle).
NEWS_DECLARATIONS = tuple(FEATURES.index(name) for name in ("schema_news", "schema_live"))
LISTING_DECLARATION = FEATURES.index("schema_listing")
DECLARED_NEWS_CONFIDENCE = 0.9  # at least: a declaration is strong evidence, not certainty
DECLARED_NEWS_REASON = "article: JSON-LD/microdata declares a news article or a live blog, and no listing"


class PageKind(NamedTuple):
    """A page's kind, the model's confidence in it, and the evidence that decided."""

    kind: str
    confidence: float
    reason: str

    @property
    def is_article(self) -> bool:
        return self.kind == "article"


class PageKindModel(TreeEnsemble):
    """The trees, their classes (KINDS) and the probability of "article" that makes a page one."""

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec, FEATURES)
        if tuple(spec["classes"]) != KINDS:
            raise ValueError("the page-kind model knows other kinds: rebuild it")
        self.article_threshold: float = spec["article_threshold"]


@lru_cache(maxsize=1)
def page_kind_model() -> PageKindModel | None:
    """The shipped model, loaded once per process; None when the package ships none."""
    spec = model_spec(MODEL_FILE)
    return PageKindModel(spec) if spec is not None else None


def classify_response(response: TextResponse, metadata: Metadata | None = None) -> PageKind:
    """The kind of a fetched page (with its metadata when already read)."""
    root = document_root(response)
    if root is None:
        return PageKind("other", 1.0, "other: no HTML document")
    metadata = metadata if metadata is not None else read_metadata(root, response.url)
    return classify_root(root, page_url(root, response.url), metadata)


def classify_page(document: bytes | str, url: str) -> PageKind:
    """The kind of a saved page."""
    return classify_response(saved_response(document, url))


def classify_root(root: html.HtmlElement, url: str, metadata: Metadata) -> PageKind:
    """The kind of a parsed page."""
    if url_is_not_article(url):
        return PageKind("listing", 1.0, "listing: the URL is a tag, author, search or pagination page")
    model = page_kind_model()
    if model is None:
        raise RuntimeError("newsspider ships without its page-kind model: reinstall the package")
    features = page_features(root, url, metadata)
    probabilities = model.class_probabilities(features[None, :])[0]
    article = probabilities[0]
    if _declares_news(features):
        return PageKind("article", round(max(float(article), DECLARED_NEWS_CONFIDENCE), 3), DECLARED_NEWS_REASON)
    if article >= model.article_threshold:
        kind, confidence = "article", float(article)
    else:
        best = int(np.argmax(probabilities[1:])) + 1
        kind, confidence = KINDS[best], float(1.0 - article)
    return PageKind(kind, round(confidence, 3), _reason(kind, float(article), features))


def page_url(root: html.HtmlElement, url: str) -> str:
    """The URL the page declares as its own (a copy, a tracking variant or a saved file stands for it)."""
    declared = next((href.strip() for href in root.xpath(CANONICAL) if isinstance(href, str) and href.strip()), "")
    resolved = safe_url(url, declared) if declared else None
    return resolved if resolved and resolved.startswith(("http://", "https://")) else url


def _declares_news(features: np.ndarray) -> bool:
    """Whether the page declares a news article or a live blog and no CollectionPage or ItemList."""
    return bool(features[list(NEWS_DECLARATIONS)].sum() > 0 and features[LISTING_DECLARATION] == 0)


def _reason(kind: str, article: float, features: np.ndarray) -> str:
    """The decision in words: the kind, P(article), and the evidence for the kind that the page shows."""
    shown = [
        text
        for name, (text, speaks_for) in EVIDENCE.items()
        if speaks_for == kind and features[FEATURES.index(name)] > 0.5
    ]
    return f"{kind} (P(article) {article:.2f}): " + ("; ".join(shown[:3]) or "the page's overall shape")
