"""What kind of page a fetched page is (article, listing, forum, product, documentation, other), and why."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import numpy as np
from lxml import html

from newsspider.extraction.pagefeatures import FEATURES, SCHEMA_TYPES, page_features
from newsspider.extraction.structured import ARTICLE_TYPES, Metadata, as_list
from newsspider.extraction.trees import TreeEnsemble, model_spec

MODEL_FILE = "pagekind.json"  # in newsspider/models/, written by benchmarks/train_page_model.py
KINDS = ("article", "listing", "forum", "product", "documentation", "other")
# URL paths that only listing and utility pages have: decided without looking at the page.
NOT_ARTICLE_PATH = re.compile(
    r"/(tag|tags|category|categories|author|authors|search|feed|rss|login|account)(/|$|\.)"
    r"|/page/\d+/?$|[?&](page|s|q|query)=",
    re.IGNORECASE,
)
# Features quoted in a decision's reason, with how they read.
EVIDENCE = {
    "schema_news": "JSON-LD/microdata declares a news article", "schema_article": "declares an Article",
    "schema_blog": "declares a BlogPosting", "schema_live": "declares a LiveBlogPosting",
    "schema_forum": "declares a forum or Q&A posting", "schema_product": "declares a Product or Offer",
    "schema_listing": "declares a CollectionPage or ItemList", "schema_documentation": "declares a TechArticle",
    "og_article": "og:type is article", "og_product": "og:type is product", "url_date": "a date in the URL",
    "long_paragraphs": "long paragraphs of prose", "teaser_cards": "teaser cards",
    "linked_heading_share": "most headings link elsewhere", "prices": "prices", "nested_lists": "a nested link tree",
    "names_comment": "comment and reply markup",
}


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


def url_is_not_article(url: str) -> bool:
    """Whether the URL alone makes a non-article certain: tag, author, search and pagination pages."""
    parts = urlsplit(url)
    return bool(NOT_ARTICLE_PATH.search(f"{parts.path}?{parts.query}" if parts.query else parts.path))


def classify_root(root: html.HtmlElement, url: str, metadata: Metadata) -> PageKind:
    """The kind of a parsed page."""
    if url_is_not_article(url):
        return PageKind("listing", 1.0, "the URL is a tag, author, search or pagination page")
    model = page_kind_model()
    if model is None:
        raise RuntimeError("newsspider ships without its page-kind model: reinstall the package")
    features = page_features(root, url, metadata)
    probabilities = model.class_probabilities(features[None, :])[0]
    article = probabilities[0]
    if article >= model.article_threshold:
        kind, confidence = "article", float(article)
    else:
        best = int(np.argmax(probabilities[1:])) + 1
        kind, confidence = KINDS[best], float(1.0 - article)
    return PageKind(kind, round(confidence, 3), _reason(kind, features))


def declared_page_type(metadata: Metadata) -> str | None:
    """The schema.org type the page declares for its article ("NewsArticle", "LiveBlogPosting")."""
    declared = {str(value).rsplit("/", 1)[-1] for value in as_list(metadata.article.get("@type"))}
    return next((kind for kind in ARTICLE_TYPES if kind in declared and kind != "WebPage"), None)


def _reason(kind: str, features: np.ndarray) -> str:
    """The evidence for the decision that the page shows, in words."""
    shown = [text for name, text in EVIDENCE.items() if features[FEATURES.index(name)] > 0.5
             and _supports(name, kind)]
    return f"{kind}: " + ("; ".join(shown[:3]) if shown else "the page's overall shape")


def _supports(feature: str, kind: str) -> bool:
    article_evidence = {"schema_news", "schema_article", "schema_blog", "schema_live", "og_article", "url_date",
                        "long_paragraphs"}
    if kind == "article":
        return feature in article_evidence
    return feature not in article_evidence or feature == "long_paragraphs" and kind == "documentation"


assert set(EVIDENCE) <= set(FEATURES) and {f"schema_{group}" for group in SCHEMA_TYPES} <= set(FEATURES)
