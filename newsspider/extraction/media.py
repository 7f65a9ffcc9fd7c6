"""Images of the article with their captions and credits, the lead image first."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from lxml import html

from newsspider.extraction.content import contains
from newsspider.extraction.structured import Metadata, as_list, text_of
from newsspider.processors import strip_credit_label

# Elements inside a caption that hold the credit, most specific first.
CREDIT_SELECTORS = (
    './/*[@itemprop="copyrightHolder" or @itemprop="creditText" or @itemprop="author"]',
    './/*[contains(@class, "credit") or contains(@class, "copyright") or contains(@class, "photographer")]',
    './/*[contains(@class, "source") or contains(@class, "byline") or contains(@class, "author")]',
    ".//small | .//cite",
)
# Captions that carry their credit as text: "... (Photo: Jane Doe/AP)", "... Foto: dpa".
CREDIT_IN_TEXT = re.compile(
    r"\s*[(\[]?\b(?:photo(?:graph)?|image|picture|foto|bild|credit|crédit|source|quelle)s?\s*(?:credit)?\s*:\s*"
    r"(?P<credit>[^()\[\]]{2,80}?)[)\]]?\s*$",
    re.IGNORECASE,
)
IMAGE_SOURCES = ("src", "data-src", "data-lazy-src", "data-original", "data-url")
IMAGE_ELEMENTS = ("img", "amp-img", "source")  # a <source> counts when it has a srcset
IMAGE_TAGS = frozenset({"img", "amp-img", "picture"})
IMAGE_PREFERENCE = (".//img | .//amp-img", ".//source[@srcset]")  # <img> is the fallback every browser loads
# A caption is short: a long element whose class mentions "caption" is a layout wrapper (utility classes such
# as "[&_figcaption]:mt-xs" style the captions inside it), and its text is the article's.
CAPTION_MAX = 1000
CAPTIONS = f'.//*[contains(@class, "caption") or self::figcaption][string-length(normalize-space()) < {CAPTION_MAX}]'
# Captions outside <figure>: named caption, or a credit box (CMSs that name the caption + credit field after
# the credit: "summary-credit", "image-credit").
STRAY_CAPTIONS = (
    './/*[contains(@class, "caption") or contains(@class, "credit")][not(ancestor::figure)]'
    '[not(ancestor::*[contains(@class, "caption") or contains(@class, "credit")])]'
    f'[string-length(normalize-space()) < {CAPTION_MAX}]'
)
# Or the short text right after an image that carries a copyright sign (found in Python: XPath's
# preceding-sibling::*[1] costs time in proportion to the siblings, for every element).
COPYRIGHT_LINE_MAX = 300
CREDIT_NAMES = re.compile(r"credit|copyright|photographer|source", re.IGNORECASE)
MAX_IMAGES = 30
CAPTION_SEARCH_LIMIT = 200  # descendants of a figure searched for its caption (it comes early; pages nest)
FIGURE_TEXT_MAX = 200  # characters besides the caption: more is article text laid out in a <figure>


@dataclass
class Figure:
    """An image unit taken out of the page: the image holder, the element it sat in, and its caption."""

    element: html.HtmlElement
    anchor: html.HtmlElement
    caption: html.HtmlElement | None = None
    credit: html.HtmlElement | None = None


def detach_figures(root: html.HtmlElement) -> list[Figure]:
    """Take figures and captions out of the pruned page: they are not body text."""
    figures = [Figure(figure, figure, _caption_element(figure)) for figure in image_figures(root)]
    figures += [unit for unit in map(_stray_caption_unit, stray_captions(root)) if unit is not None]
    for figure in figures:
        figure.anchor = figure.element.getparent()
        for element in (figure.element, figure.caption, figure.credit):
            if element is not None and element.getparent() is not None:
                element.drop_tree()
    for caption in root.xpath(CAPTIONS):
        caption.drop_tree()
    return [figure for figure in figures if figure.anchor is not None]


def stray_captions(root: html.HtmlElement) -> list[html.HtmlElement]:
    """Captions outside any <figure>, in page order: by class (STRAY_CAPTIONS), or right after an image."""
    named = root.xpath(STRAY_CAPTIONS)
    after_images = [element for element in map(_next_element, root.iter("img", "picture"))
                    if element is not None and _is_copyright_line(element) and element not in named]
    if not after_images:
        return list(named)
    order = {element: position for position, element in enumerate(root.iter())}
    return sorted([*named, *after_images], key=order.__getitem__)


def _next_element(element: html.HtmlElement) -> html.HtmlElement | None:
    """The next sibling element (comments are no siblings in XPath's sense)."""
    following = element.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    return following


def _is_copyright_line(element: html.HtmlElement) -> bool:
    """Short text with a copyright sign, outside any <figure>: a caption under another name."""
    text = element.text_content()
    return ("©" in text and len(" ".join(text.split())) < COPYRIGHT_LINE_MAX
            and next(element.iterancestors("figure"), None) is None)


def image_figures(root: html.HtmlElement) -> list[html.HtmlElement]:
    """The image <figure>s of the page, outermost only (one inside another goes out with it)."""
    found: list[html.HtmlElement] = []
    taken: set[html.HtmlElement] = set()
    for figure in root.iter("figure"):
        if not any(ancestor in taken for ancestor in figure.iterancestors("figure")) and _is_image_figure(figure):
            found.append(figure)
            taken.add(figure)
    return found


def _is_image_figure(figure: html.HtmlElement) -> bool:
    """A <figure> holding an image and a caption; WordPress also wraps tables, pull quotes and embeds in
    <figure>, and their text is the article's."""
    if _first_image(figure) is None:
        return False
    caption = _caption_element(figure)
    caption_length = len(caption.text_content()) if caption is not None else 0
    return len(figure.text_content()) - caption_length <= FIGURE_TEXT_MAX


def article_images(figures: list[Figure], region: html.HtmlElement, metadata: Metadata,
                   urljoin: Callable[[str], str | None]) -> list[dict[str, str | None]]:
    """Images of the article region in page order; without any, the ones the metadata names."""
    images = []
    for figure in figures:
        src = _image_source(figure.element)
        url = urljoin(src) if src else None
        if url and contains(region, figure.anchor):
            caption, credit = split_caption(figure.caption)
            if figure.credit is not None:
                credit = _squash(figure.credit.text_content()) or credit
            images.append({"url": url, "caption": caption, "credit": strip_credit_label(credit)})
    return (images or _metadata_images(metadata, urljoin))[:MAX_IMAGES]


def split_caption(element: html.HtmlElement | None) -> tuple[str | None, str | None]:
    """Split a caption element into (caption, credit), also when no space separates them."""
    if element is None:
        return None, None
    credit_element = next((found[0] for sel in CREDIT_SELECTORS if (found := element.xpath(sel))), None)
    if credit_element is None:
        return _split_text_credit(_squash(element.text_content()))
    credit = _squash(credit_element.text_content())
    caption = _squash(" ".join(_text_outside(element, credit_element)))
    return caption or None, credit or None


def _holds_image(element: html.HtmlElement) -> bool:
    """An image, or an element with one inside."""
    return element.tag in IMAGE_TAGS or _first_image(element) is not None


def _first_image(element: html.HtmlElement) -> html.HtmlElement | None:
    """The first image inside an element (IMAGE_ELEMENTS), found without listing them all."""
    return next((image for image in element.iter(*IMAGE_ELEMENTS)
                 if image is not element and (image.tag != "source" or image.get("srcset"))), None)


def _stray_caption_unit(caption: html.HtmlElement) -> Figure | None:
    """Pair a caption outside any <figure> with its image: a small common wrapper, or (Drupal-style
    separate fields) the preceding sibling that holds the image, and a following credit field."""
    caption_length = len(caption.text_content())
    child = caption
    for ancestor in list(caption.iterancestors())[:3]:
        if _first_image(ancestor) is not None:
            if len(ancestor.text_content()) <= caption_length + 80:
                return Figure(ancestor, ancestor, caption)
            if len(child.text_content()) > caption_length + 80:
                return None  # the caption sits in a block of text, not in a caption field
            image = next((sib for sib in child.itersiblings(preceding=True) if _holds_image(sib)), None)
            if image is not None and len(image.text_content()) > FIGURE_TEXT_MAX:
                return None  # an image inside a block of text: not an image field
            credit = next((sib for sib in child.itersiblings() if CREDIT_NAMES.search(sib.get("class", ""))), None)
            return Figure(image, ancestor, child, credit) if image is not None else None
        child = ancestor
    return None


def _image_source(unit: html.HtmlElement) -> str | None:
    for image in (found for xpath in IMAGE_PREFERENCE for found in unit.xpath(xpath)):
        for attribute in IMAGE_SOURCES:
            value = image.get(attribute, "").strip()
            if value and not value.startswith("data:"):
                return value
        srcset = image.get("srcset", "").strip()
        if srcset:
            return srcset.split(",")[0].split()[0]
    return None


def _caption_element(unit: html.HtmlElement) -> html.HtmlElement | None:
    """The unit's first caption: CAPTIONS's rule, in Python so that it stops at the first one and searches
    CAPTION_SEARCH_LIMIT descendants at most (the XPath lists every caption of the subtree)."""
    if "caption" in unit.get("class", ""):
        return unit
    return next((element for element in islice(unit.iterdescendants(), CAPTION_SEARCH_LIMIT)
                 if isinstance(element.tag, str)
                 and (element.tag == "figcaption" or "caption" in element.get("class", ""))
                 and len(" ".join(element.text_content().split())) < CAPTION_MAX), None)


def _text_outside(element: html.HtmlElement, skip: html.HtmlElement) -> list[str]:
    """Text of an element, leaving out one descendant (and keeping that descendant's tail)."""
    parts = [element.text or ""]
    for child in element:
        if child is skip:
            parts.append(" ")
        elif any(node is skip for node in child.iterdescendants()):
            parts.extend(_text_outside(child, skip))
        elif isinstance(child.tag, str):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return parts


def _split_text_credit(text: str) -> tuple[str | None, str | None]:
    match = CREDIT_IN_TEXT.search(text)
    if not match:
        return text or None, None
    return text[: match.start()].strip() or None, match.group("credit").strip() or None


def _metadata_images(metadata: Metadata, urljoin: Callable[[str], str | None]) -> list[dict[str, str | None]]:
    images: list[dict[str, str | None]] = []
    for value in as_list(metadata.article.get("image")):
        image = metadata.resolve(value)
        node = image if isinstance(image, dict) else {"url": image}
        url = node.get("url") or node.get("contentUrl")
        absolute = urljoin(url.strip()) if isinstance(url, str) and url.strip() else None
        if absolute:
            images.append({"url": absolute, "caption": text_of(node.get("caption")),
                           "credit": text_of(node.get("creditText") or node.get("copyrightHolder"))})
    og_image = metadata.meta_first("og:image", "og:image:url", "twitter:image")
    absolute = urljoin(og_image) if og_image and not images else None
    if absolute:
        images.append({"url": absolute, "caption": None, "credit": None})
    return images


def _squash(text: str) -> str:
    return " ".join(text.split())
