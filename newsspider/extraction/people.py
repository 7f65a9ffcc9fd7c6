"""Bylines and authors: from JSON-LD, meta tags, rel=author and byline markup."""

from __future__ import annotations

from lxml import html

from newsspider.extraction.structured import Metadata, as_list

# Byline markup, most specific first; the first that holds text is the byline as printed.
BYLINE_SELECTORS = (
    '//*[@itemprop="author"][not(self::meta)][not(self::link)]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " byline ")]',
    '//*[contains(@class, "byline") or contains(@class, "by-line") or contains(@id, "byline")]',
    '//*[contains(@class, "author-name") or contains(@class, "author__name") or contains(@class, "authorName")]',
    '//*[@rel="author"]',
    '//*[contains(@class, "submitted")]',  # Drupal: "Submitted by X on <date>"
    '//*[contains(@class, "article-author") or contains(@class, "post-author") or contains(@class, "entry-author")]',
    '//a[contains(@href, "/author/") or contains(@href, "/authors/") or contains(@href, "/autor/")]',
)
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator",
               "byl", "citation_author", "twitter:creator:name")
MAX_BYLINE = 200  # a longer "byline" is a bio box or a whole header


def byline_text(root: html.HtmlElement) -> str | None:
    """The byline as printed on the page."""
    for selector in BYLINE_SELECTORS:
        for element in root.xpath(selector)[:3]:
            # a byline box may also hold dates and notes: then its first short enough part is the byline
            for part in (element, *element.iterdescendants("div", "p", "span")):
                text = " ".join(part.text_content().split())
                if 2 < len(text) <= MAX_BYLINE:
                    return text
    return None


def metadata_authors(metadata: Metadata) -> list[str]:
    """Authors named by JSON-LD/microdata: people only, organisations left out."""
    names = []
    for value in as_list(metadata.article.get("author")) + as_list(metadata.article.get("creator")):
        author = metadata.resolve(value)
        if isinstance(author, str):
            names.append(author)
        elif isinstance(author, dict) and "Organization" not in str(author.get("@type", "")):
            name = author.get("name")
            if isinstance(name, str):
                names.append(name)
    return names


def meta_authors(metadata: Metadata) -> list[str]:
    """Authors in meta tags; values that are profile URLs are left out."""
    for name in AUTHOR_META:
        values = [v for v in metadata.meta.get(name, []) if not v.startswith(("http://", "https://", "@"))]
        if values:
            return values
    return []
