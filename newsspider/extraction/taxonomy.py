"""Section and tags of an article: metadata first, then category and tag links."""

from __future__ import annotations

from lxml import html

from newsspider.extraction.structured import Metadata, as_list, text_of
from newsspider.processors import MAX_SECTION
from newsspider.text import squash

SECTION_META = ("article:section", "section", "parsely-section", "sailthru.section", "category", "dc.subject")
TAG_META = ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags")
SECTION_SELECTORS = (
    '//a[contains(concat(" ", normalize-space(@rel), " "), " category ")]',
    '//*[contains(@class, "post-category") or contains(@class, "entry-category") or'
    ' contains(@class, "article-section") or contains(@class, "kicker")]//a',
    '//*[contains(@class, "breadcrumb")]//li[position() > 1]//a',
    '//*[contains(@class, "primary-tag")]',  # Ghost themes: the primary tag is the section
)
# URL folders of topic and tag pages, in the languages of the sites we read.
TOPIC_FOLDERS = (
    "tag",
    "tags",
    "topic",
    "topics",
    "thema",
    "themen",
    "schlagwort",
    "schlagworte",
    "stichwort",
    "sujet",
    "sujets",
    "tema",
    "temas",
    "argomenti",
    "onderwerp",
    "keyword",
    "keywords",
)
TAG_SELECTORS = (
    '//a[contains(concat(" ", normalize-space(@rel), " "), " tag ")][not(contains(@rel, "category"))]',
    '//*[contains(@class, "tags") or contains(@class, "tag-list") or contains(@class, "field--name-field-tags")]//a',
    '//*[contains(@class, "field-name-field-tags")]//*[contains(concat(" ", @class, " "), " field-item ")]',  # Drupal
    # links to the site's topic pages, outside the navigation that lists every topic of the site (in a menu
    # of no <nav>, they come before the headline)
    "//a[{}][not(ancestor::nav or ancestor::header or ancestor::footer)][preceding::h1 or not(//h1)]".format(
        " or ".join(f'contains(@href, "/{folder}/")' for folder in TOPIC_FOLDERS)
    ),
)
MAX_TAGS = 50


def metadata_section(metadata: Metadata) -> str | None:
    """articleSection of the article node, else a section meta tag."""
    return text_of(metadata.article.get("articleSection")) or metadata.meta_first(*SECTION_META)


def markup_section(root: html.HtmlElement) -> str | None:
    """The category link of the page (WordPress rel=category, kicker, breadcrumb)."""
    for selector in SECTION_SELECTORS:
        for link in root.xpath(selector)[:1]:
            text = squash(link.text_content())
            if 0 < len(text) <= MAX_SECTION:
                return text
    return None


def metadata_tags(metadata: Metadata) -> list[str]:
    """keywords of the article node, else tag meta tags; comma-separated strings split."""
    keywords = as_list(metadata.article.get("keywords"))
    if not keywords:
        keywords = next((metadata.meta[name] for name in TAG_META if metadata.meta.get(name)), [])
    tags: list[str] = []
    for keyword in keywords:
        if isinstance(keyword, str):
            tags.extend(part.strip() for part in keyword.split(",") if part.strip())
    return tags[:MAX_TAGS]


def markup_tags(root: html.HtmlElement) -> list[str]:
    """Text of the page's tag links."""
    for selector in TAG_SELECTORS:
        texts = [squash(link.text_content()) for link in root.xpath(selector)[:MAX_TAGS]]
        if any(texts):
            return [text.lstrip("#") for text in texts if text]
    return []
