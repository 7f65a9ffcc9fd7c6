"""Bylines and authors: from JSON-LD, meta tags, rel=author and byline markup, and the line under the headline."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import Any

from lxml import etree, html

from newsspider.extraction.comments import NOT_IN_COMMENTS
from newsspider.extraction.credits import AGENCY
from newsspider.extraction.headline import HEADING_NEIGHBOURS, heading_texts, title_heading
from newsspider.extraction.names import (
    BYLINE_PREFIX,
    ORGANISATION_WORDS,
    is_full_name,
    person_name,
    split_names,
    strip_byline,
)
from newsspider.extraction.structured import Metadata, as_list, text_of
from newsspider.text import squash

# Page-level elements whose class names the author of an archive or the theme, not a byline.
NOT_A_CONTAINER = "[not(self::html or self::body or self::main or self::article)]"
# An element around the headline holds the story's header, not its byline, whatever its class says ("<header
# class="author">" in one theme): its byline is found inside it.
HOLDS_NO_HEADLINE = "[not(.//h1)]"
# Byline markup, most specific first; the first that holds text is the byline as printed.
BYLINE_SELECTORS = tuple(
    selector + HOLDS_NO_HEADLINE + NOT_IN_COMMENTS
    for selector in (
        '//*[@itemprop="author"][not(self::meta)][not(self::link)]',
        '//*[contains(concat(" ", normalize-space(@class), " "), " byline ")]',
        # CSS-module names keep the component's capital: "ArticleByline_by__kQ7mx"
        '//*[contains(@class, "byline") or contains(@class, "Byline") or contains(@class, "by-line")'
        ' or contains(@id, "byline")]',
        '//*[contains(@class, "author-name") or contains(@class, "author__name") or contains(@class, "authorName")]',
        # the author's signature in French, Dutch, Spanish and Italian markup
        '//*[contains(@class, "auteur") or contains(concat(" ", normalize-space(@class), " "), " firma ")]'
        + NOT_A_CONTAINER,
        '//*[@rel="author"]',
        '//*[contains(concat(" ", normalize-space(@class), " "), " author ")]',  # hCard: <span class="author vcard">
        '//*[contains(@class, "submitted")]',  # Drupal: "Submitted by X on <date>"
        '//*[contains(@class, "article-author") or contains(@class, "post-author")'
        ' or contains(@class, "entry-author")]',
        # BEM and theme names: "article__meta__authors", "single-post--header_author", "post-meta-author"
        '//*[contains(@class, "_author") or contains(@class, "-author")][not(contains(@class, "author-bio"))]'
        + NOT_A_CONTAINER,
        '//*[contains(@class, "author") or contains(@class, "Author")]' + NOT_A_CONTAINER,  # "authorbox"
        # the reporter's line of Korean, Japanese and Chinese news CMSs: <span class="writer">, "reporter-name"
        '//*[contains(concat(" ", normalize-space(@class), " "), " writer ") or contains(@class, "reporter")]'
        + NOT_A_CONTAINER,
        '//a[contains(@href, "/author/") or contains(@href, "/authors/") or contains(@href, "/autor/")]',
    )
)
# Every element a byline selector can match, found in one pass (a loop in Python: an XPath of this many
# contains() reads every attribute of every element twice as slowly); the selectors then test these few.
BYLINE_CLASS_HINTS = re.compile(r"yline|by-line|uthor|submitted|auteur|firma|writer|reporter")
BYLINE_TESTS = tuple(etree.XPath("boolean(self::" + selector.removeprefix("//") + ")") for selector in BYLINE_SELECTORS)
AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "citation_author",
    "twitter:creator:name",
    "cxenseparse:author",
)
PUBLISHER_META = ("og:site_name", "publisher", "dc.publisher", "application-name")
# A desk credited as the author: "MND Staff", "Redaktion Kultur", "News Desk", "The Upwork Team".
DESK = re.compile(r"\b(?:staff|desk|newsroom|team|redaktion|rédaction|redacción|redazione|editors)\b", re.IGNORECASE)
# An author "named" in capitals, two to six letters, is an agency whatever its declared type ("SID", "KNA",
# "APA" as a Person): person_name() turns it down as a name.
ACRONYM = re.compile(r"[A-ZÀ-Þ]{2,6}")
MAX_ORGANISATION_WORDS = 5  # "Associated Press", "Landesspiegel": longer is a sentence, not a credit
NO_SPACE_BEFORE = re.compile(r"\s+([,.;:!?)])")  # "Jane Doe , Staff": the space the join put in
DATE_MARKUP = ".//time | .//*[@datetime or @data-timestamp]"  # dates in a byline box
# The texts a reader sees: a script that a byline box carries (a lazy loader, a tracking call) prints nothing.
PRINTED_TEXTS = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::template)]")
MAX_BYLINES_READ = 6  # byline markups compared with the declared authors: the byline is near the top
MAX_BYLINE = 200  # a longer "byline" is a bio box or a whole header
BIO_MIN_WORDS = 12  # a sentence this long about the author is a bio; a byline this long is a list of names
# A byline printed as plain text under the headline starts with one of these words.
PRINTED_BY = re.compile(
    r"^(?:(?:written|posted|published)\s+by|by|von|par|por|di|door|av|af|(?:ein\s+artikel|text|geschrieben)\s+von|"
    r"(?:autor(?:in)?|author|text)\s*:)(?:\s+|$)",
    re.IGNORECASE,
)
MAX_PRINTED_BY = 100
# A label naming the author in a box of article facts ("Autor:", "<dt>Author</dt>", "<h4>Autor</h4>"): the
# word "author" (or "text") in the languages of Europe's and Asia's large CMSs. The name is the label's tail
# or the element after it.
AUTHOR_LABEL = re.compile(
    r"(?:authors?|autor(?:in|en|es|a)?|auteure?s?|autore|autori|written\s+by|text|texte|tekst|автор|yazar|"
    r"tác\s+giả)\s*:?",
    re.IGNORECASE,
)
# Leaf elements whose whole text may be a label: short, and holding a piece of one of those words (a cheap
# test in libxml2 that leaves a few dozen elements of a page for the expression).
LABEL_ELEMENTS = etree.XPath(
    "//body//*[not(*)][contains(., 'ut') or contains(., 'UT') or contains(., 'rit') or contains(., 'ex')"
    " or contains(., 'EX') or contains(., 'ek') or contains(., 'втор') or contains(., 'azar') or contains(., 'ác')]"
    "[string-length() <= 30]"
)
# A label is no link ("Authors" in a menu), and in no comment or navigation.
MAY_LABEL = etree.XPath(f"boolean(self::*{NOT_IN_COMMENTS}[not(ancestor-or-self::a or ancestor::nav)])")
INLINE_TAGS = frozenset({"a", "span", "b", "strong", "em", "i", "small"})  # parts of one printed line
# A login name rather than a display name: one word in lower case, or with digits or underscores.
LOGIN_NAME = re.compile(r"(?=\S*[a-z])[a-z0-9._\-]+|\S*[\d_]\S*")
SITE_SEPARATORS = re.compile(r"\s+[|\-–—·•:»/]{1,2}\s+")
TOP_LEVEL_DOMAIN = re.compile(r"\.[a-z]{2,6}$", re.IGNORECASE)


@dataclass
class Byline:
    """The byline as printed, and the names in it that link to the authors' pages."""

    text: str | None = None
    linked: list[str] = field(default_factory=list)


def find_byline(root: html.HtmlElement, title: str | None = None, declared: Sequence[str] = ()) -> Byline:
    """The byline as printed on the page: byline markup, else a "By ..." line right under the headline. When
    the metadata declares authors, the first byline markup that names one of them is preferred: the first
    that matches may be a photo credit or a teaser's author."""
    surnames = [name.split()[-1].casefold() for name in declared if len(name.split()) >= 2]
    found = list(islice(_printed_bylines(root), MAX_BYLINES_READ if surnames else 1))
    naming = next(
        (byline for byline in found if any(name in (byline.text or "").casefold() for name in surnames)), None
    )
    # with authors declared, markup that names nobody ("Facebook", "About the Author") is no byline
    credited = [byline for byline in found if not surnames or _credits_somebody(byline.text or "")]
    return naming or (credited[0] if credited else Byline(_printed_under_heading(root, title)))


def _credits_somebody(text: str) -> bool:
    """A person's full name, an agency or a desk in a byline's text (one word, "Facebook", names nobody)."""
    return any(map(is_full_name, split_names(text))) or bool(AGENCY.search(text) or _is_desk(text))


def _printed_bylines(root: html.HtmlElement) -> Iterator[Byline]:
    """Each byline markup's byline, most specific selector first."""
    candidates = _byline_candidates(root)
    for selector in BYLINE_TESTS:
        for element in [candidate for candidate in candidates if selector(candidate)][:3]:
            # a byline box may also hold dates and notes: then its first short enough part is the byline
            for part in (element, *element.iterdescendants("div", "p", "span")):
                text = _printed_text(part)
                if 2 < len(text) <= MAX_BYLINE and not _reads_as_bio(text) and not BYLINE_PREFIX.fullmatch(text):
                    yield Byline(text, _linked_names(element))
                    break


def _labelled_byline(root: html.HtmlElement) -> list[str]:
    """The text after the first author label that names somebody ("Autor: <a>Jane Doe</a>"), in a list."""
    for label in LABEL_ELEMENTS(root):
        if not AUTHOR_LABEL.fullmatch(squash(label.text_content())) or not MAY_LABEL(label):
            continue
        value = squash(label.tail or "") or _text_after(label)
        names = split_names(value) if 2 < len(value) <= MAX_PRINTED_BY else []
        # a single word after a label is the next label or a heading ("Posts", "Abstract") as often as a name
        if names and all(" " in name for name in names):
            return [value]
    return []


def _text_after(label: html.HtmlElement) -> str:
    """What a label introduces when its tail is empty: the next block ("<dt>Author</dt><dd>..."), or the
    inline elements up to the line's end ("Authors: <a>A</a>, <a>B</a><br>")."""
    parts: list[str] = []
    for sibling in label.itersiblings(etree.Element):
        inline = sibling.tag in INLINE_TAGS
        if sibling.tag == "br" or (parts and not inline):
            break
        parts.append(f"{_printed_text(sibling)} {sibling.tail or ''}")
        if not inline:
            break
    return NO_SPACE_BEFORE.sub(r"\1", squash(" ".join(parts)))


def _byline_candidates(root: html.HtmlElement) -> list[html.HtmlElement]:
    """The elements whose class, id, itemprop, rel or link may mark a byline, in page order."""
    found = []
    for element in root.iter(etree.Element):
        attributes = element.attrib
        if not attributes:
            continue
        names, href = attributes.get("class", ""), attributes.get("href", "")
        if (
            BYLINE_CLASS_HINTS.search(names)
            or "author" in (attributes.get("itemprop"), attributes.get("rel"))
            or "byline" in attributes.get("id", "")
            or "/author" in href
            or "/autor" in href
        ):
            found.append(element)
    return found


def _printed_text(element: html.HtmlElement) -> str:
    """The element's text, its elements' texts kept apart ("<b>SID</b><i>Nachrichtenagentur</i>" is two
    words), without the placeholders of dates a script fills in ("<span data-timestamp=...>Loading…</span>"):
    a date element whose text holds no digit says nothing yet."""
    text = " ".join(PRINTED_TEXTS(element))
    for placeholder in element.xpath(DATE_MARKUP):
        placeholder_text = placeholder.text_content()
        if placeholder_text.strip() and not any(character.isdigit() for character in placeholder_text):
            text = text.replace(placeholder_text, " ")
    return NO_SPACE_BEFORE.sub(r"\1", squash(text))


def _reads_as_bio(text: str) -> bool:
    """Sentences about the author ("Jane Doe writes about ... ."), from a bio box: a byline is a few names."""
    return len(text.split()) >= BIO_MIN_WORDS and text.endswith((".", "!", "?"))


def _linked_names(element: html.HtmlElement) -> list[str]:
    """Names in a byline that link to a page of their own: the byline's people, without the publication,
    role or date printed around them ("<a>Jane Doe</a> Worcester Telegram", "<a>Jane Doe</a>Published: ...")."""
    links = [link for link in element.iter("a") if link.get("href", "").strip() not in ("", "#")]
    # a one-word link is a desk, a login or a "comments" link more often than a name
    names = [name for link in links if (name := person_name(squash(link.text_content()))) and " " in name]
    return list(dict.fromkeys(names)) if links and len(names) == len(links) else []


def author_candidates(
    metadata: Metadata,
    printed: str | None,
    site_name: str | None,
    linked: list[str] | None = None,
    root: html.HtmlElement | None = None,
) -> list[Callable[[], list[str]]]:
    """Author sources in order of trust, each computed only if the ones before found nobody; last, the
    names after an author label, which byline markup may hold among other fields."""
    site_keys = _publisher_keys(metadata, site_name)
    return [
        lambda: _people(_confirmed(metadata_authors(metadata), printed), site_keys),
        lambda: meta_authors(metadata, lambda values: _people(_confirmed(values, printed), site_keys)),
        lambda: _people(linked or [], site_keys),
        lambda: _people([printed] if printed else [], site_keys),
        lambda: _people(_labelled_byline(root) if root is not None else [], site_keys),
    ]


def organisation_credit(metadata: Metadata, printed: str | None, site_name: str | None) -> list[str]:
    """Who the page credits when it names no person (the convention of fixtures/FORMAT.md): the organisation
    its JSON-LD names as author, or the agency that the printed byline or an author meta tag names ("By
    Associated Press"). The site itself is left out: it is the item's site_name already."""
    site_keys = _publisher_keys(metadata, site_name, declared=True)
    return [name for name in _organisations(metadata, printed) if not _is_site(name, site_keys)]


def _organisations(metadata: Metadata, printed: str | None) -> list[str]:
    node = _credited_node(metadata)
    named = [metadata.resolve(value) for value in as_list(node.get("author"))]
    credited = [
        (str(author.get("@type", "")), author["name"].strip())
        for author in named
        if isinstance(author, dict) and isinstance(author.get("name"), str) and author["name"].strip()
    ]
    organisations = [
        name for kind, name in credited if "Organization" in kind or _is_desk(name) or ACRONYM.fullmatch(name)
    ]
    if organisations:
        return list(dict.fromkeys(organisations))
    meta = (value for name in AUTHOR_META for value in metadata.meta.get(name, []))
    lines = (strip_byline(value) for value in (printed, *meta))
    return next(
        (
            [text]
            for text in lines
            if text and (AGENCY.search(text) or _is_desk(text)) and len(text.split()) <= MAX_ORGANISATION_WORDS
        ),
        [],
    )


def _is_desk(name: str) -> bool:
    """A desk that names whose it is ("MND Staff", "Redaktion Kultur"); a bare "Redaktion" says nothing."""
    return bool(DESK.search(name)) and len(name.split()) >= 2


def _credited_node(metadata: Metadata) -> dict[str, Any]:
    """The node whose author is the page's: the article, else the first node naming an author (a Recipe,
    a forum posting)."""
    return metadata.article or next((node for node in metadata.nodes if node.get("author")), {})


def metadata_authors(metadata: Metadata) -> list[str]:
    """Authors named by JSON-LD/microdata: people only, organisations left out.

    Without an article node, the author of another creative work (a Recipe, a forum posting) is the page's.
    """
    node = _credited_node(metadata)
    names = []
    for value in as_list(node.get("author")) + as_list(node.get("creator")):
        author = metadata.resolve(value)
        if isinstance(author, str):
            names.append(author)
        elif isinstance(author, dict) and "Organization" not in str(author.get("@type", "")):
            name = author.get("name")
            if isinstance(name, str):
                names.append(name)
    return names


def meta_authors(metadata: Metadata, keep: Callable[[list[str]], list[str]] = list) -> list[str]:
    """Authors in the first author meta tag that names somebody `keep` keeps; profile URLs are left out."""
    for name in AUTHOR_META:
        values = [v for v in metadata.meta.get(name, []) if not v.startswith(("http://", "https://", "@"))]
        kept = keep(values) if values else []
        if kept:
            return kept
    return []


def _printed_under_heading(root: html.HtmlElement, title: str | None) -> str | None:
    """A "By Jane Doe" / "Von Max Müller" text right after the headline, in markup without byline classes."""
    heading = title_heading(root, title)
    if heading is None:
        return None
    texts = heading_texts(heading, "following", HEADING_NEIGHBOURS)
    for text, following in pairwise([*texts, ""]):
        match = PRINTED_BY.match(text)
        if match is None:
            continue
        # the label and the name are often separate nodes: "Von <a>Max Müller</a>"
        line = text if match.end() < len(text) else f"{text} {following}"
        if len(line) <= MAX_PRINTED_BY and split_names(line):
            return line
    return None


def _confirmed(names: list[str], printed: str | None) -> list[str]:
    """Metadata names minus login names that the page does not print (it prints the display name instead)."""
    shown = (printed or "").casefold()
    return [name for name in names if not LOGIN_NAME.fullmatch(name.strip()) or name.strip().casefold() in shown]


def _people(values: list[str], site_keys: set[str]) -> list[str]:
    """The names of the values that are not the site or its publisher under another spelling."""
    names = [name for value in values for name in split_names(value)]
    return [name for name in names if _squashed(name) not in site_keys and _initials(name) not in site_keys]


def _publisher_keys(metadata: Metadata, site_name: str | None, *, declared: bool = False) -> set[str]:
    """The site's and the publisher's names (with the JSON-LD's publisher and WebSite when `declared`), in
    every spelling _site_keys gives."""
    names = [site_name, *(metadata.meta_first(meta) for meta in PUBLISHER_META)]
    if declared:
        publisher = metadata.resolve(metadata.article.get("publisher"))
        website = metadata.of_type("WebSite") or {}
        names += [text_of(publisher if isinstance(publisher, dict) else None), text_of(website.get("name"))]
    return {key for name in names if name for key in _site_keys(name)}


def _is_site(name: str, site_keys: set[str]) -> bool:
    return any(key in site_keys for key in _site_keys(name))


def _site_keys(site_name: str) -> set[str]:
    """ "Infoportal - Diakonie Deutschland", "Lebensmittelpraxis.de": the whole and each part, squashed,
    with and without the top-level domain and the legal form ("DRK e.V.")."""
    keys: set[str] = set()
    for part in [site_name, *SITE_SEPARATORS.split(site_name)]:
        words = " ".join(word for word in part.split() if word.casefold() not in ORGANISATION_WORDS)
        keys.update((_squashed(words), _squashed(TOP_LEVEL_DOMAIN.sub("", words))))
    return keys - {""}


def _squashed(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _initials(name: str) -> str:
    """ "Deutsches Rotes Kreuz" -> "drk", to match the acronym a site goes by; single words have none."""
    words = name.split()
    return "".join(word[0] for word in words).casefold() if len(words) > 2 else ""
