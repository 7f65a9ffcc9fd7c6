"""What a page declares about its article beyond the text: its schema.org type, and whether it is free to read."""

from __future__ import annotations

from typing import Any

from newsspider.extraction.structured import ARTICLE_TYPES, Metadata, as_list

DEFAULT_PAGE_TYPE = "Article"  # an article page that declares no more specific type
# A body with less than this share of the words the page declares (wordCount) is the free part of it.
PAYWALLED_SHARE = 0.5


def page_type(metadata: Metadata) -> str:
    """The schema.org type the page declares for its article ("NewsArticle", "LiveBlogPosting"), else Article."""
    declared = {str(value).rsplit("/", 1)[-1] for value in as_list(metadata.article.get("@type"))}
    return next((kind for kind in ARTICLE_TYPES if kind in declared and kind != "WebPage"), DEFAULT_PAGE_TYPE)


def is_paywalled(metadata: Metadata, word_count: int) -> bool:
    """Declared not free to read (isAccessibleForFree false, on the article or a part of it), or the
    extracted body well short of the page's declared wordCount."""
    article = metadata.article
    parts = [article, *(metadata.resolve(part) for part in as_list(article.get("hasPart")))]
    if any(isinstance(part, dict) and _is_false(part.get("isAccessibleForFree")) for part in parts):
        return True
    declared = _number(article.get("wordCount"))
    return declared is not None and word_count < PAYWALLED_SHARE * declared


def _is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() in {"false", "no", "0"})


def _number(value: Any) -> float | None:
    try:
        return float(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None
