"""What a page declares about its article: its text (articleBody), its schema.org type, and whether it is free to
read."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from lxml import html

from newsspider.extraction.content import BLOCK_TAGS
from newsspider.extraction.structured import ARTICLE_TYPES, Metadata, as_list, text_of

DEFAULT_PAGE_TYPE = "Article"  # an article page that declares no more specific type
# A body with less than this share of the words the page declares (wordCount) is the free part of it.
PAYWALLED_SHARE = 0.5
# An articleBody that holds the article's HTML, as some CMSs write it (WordPress block markup included), and the
# same HTML escaped once or twice over ("&lt;p&gt;", "&amp;lt;p&amp;gt;").
MARKUP = re.compile(r"<(?:[a-z][a-z0-9]*[\s/>]|/[a-z]|!--)", re.IGNORECASE)
ESCAPED_MARKUP = re.compile(r"&(?:amp;)*lt;", re.IGNORECASE)
MAX_ESCAPES = 3


def declared_body(metadata: Metadata) -> str | None:
    """The article's text as its JSON-LD articleBody gives it, one line a block when it is markup."""
    text = text_of(metadata.article.get("articleBody"))
    for _ in range(MAX_ESCAPES):
        if text is None or not ESCAPED_MARKUP.search(text):
            break
        text = unescape(text)
    return _markup_text(text) if text and MARKUP.search(text) else text


def _markup_text(markup: str) -> str:
    """The text of an HTML fragment, a line break after each block (comments, scripts and styles left out)."""
    fragment = html.fragment_fromstring(markup, create_parent="div")
    for element in fragment.iter(*BLOCK_TAGS, "br"):
        element.tail = "\n" + (element.tail or "")
    for element in list(fragment.iter("script", "style")):
        element.drop_tree()
    return fragment.text_content()


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
