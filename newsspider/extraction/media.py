"""Images of the article with their captions and credits, the lead image first."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from lxml import html

from newsspider.extraction.boilerplate import SCREEN_READER_CLASSES, is_boilerplate
from newsspider.extraction.content import contains, text_length
from newsspider.extraction.credits import (
    AGENCY,
    CREDIT_MAX_CHARS,
    LABELLED_CREDIT,
    LEADING_LABEL,
    clean_credit,
    is_credit_like,
    printed_caption,
    split_credit,
    squash,
)
from newsspider.extraction.images import IMAGE_ELEMENTS, image_in, metadata_images, reconcile
from newsspider.extraction.structured import Metadata

# Elements named for a credit; beside a caption, they leave its wrapper bare.
CREDIT_ELEMENTS = (
    './/*[contains(@class, "credit") or contains(@class, "copyright") or contains(@class, "photographer")]'
)
# The credit's element by its tag alone, the last guess: some sites print the caption itself in a <small>.
TAG_CREDIT = ".//small | .//cite"
# Elements inside a caption that hold the credit, most specific first.
CREDIT_SELECTORS = (
    './/*[@itemprop="copyrightHolder" or @itemprop="creditText" or @itemprop="author"]',
    CREDIT_ELEMENTS,
    './/*[contains(@class, "source") or contains(@class, "byline") or contains(@class, "author")]',
    # "attribution" names the credit on some sites, on others the caption's box around a credit element
    './/*[contains(@class, "attribution")][not(.//*[contains(@class, "credit")])]',
    TAG_CREDIT,
)
# Elements a caption's last part sits in when it is the credit ("<span>Text.</span><span>Agency</span>").
CREDIT_PART_TAGS = frozenset({"span", "div", "p", "small", "cite", "em", "i"})
IMAGE_TAGS = frozenset({"img", "amp-img", "picture"})
# A caption is short: a long element whose class mentions "caption" is a layout wrapper (utility classes such
# as "[&_figcaption]:mt-xs" style the captions inside it), and its text is the article's.
CAPTION_MAX = 1000
CAPTIONS = f'.//*[contains(@class, "caption") or self::figcaption][string-length(normalize-space()) < {CAPTION_MAX}]'
# Captions outside <figure>: named caption, or a credit box (CMSs that name the caption + credit field after
# the credit: "summary-credit", "image-credit").
STRAY_CAPTIONS = (
    './/*[contains(@class, "caption") or contains(@class, "credit")][not(ancestor::figure)]'
    '[not(ancestor::*[contains(@class, "caption") or contains(@class, "credit")])]'
    f"[string-length(normalize-space()) < {CAPTION_MAX}]"
)
# Or the short text right after an image that carries a copyright sign (found in Python: XPath's
# preceding-sibling::*[1] costs time in proportion to the siblings, for every element).
COPYRIGHT_LINE_MAX = 300
# Elements right after an image that are no caption: headings and links (a teaser card), lists, embeds.
NOT_CAPTION_TAGS = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "button",
        "ul",
        "ol",
        "table",
        "form",
        "noscript",
        "script",
        "style",
        "template",
        "img",
        "picture",
        "source",
    }
)
# Text for screen readers only, by the class names of the common CSS frameworks and CMSs: in a caption, a
# label such as "Image caption, " or "Credit...".
SCREEN_READER_LABELS = " | ".join(
    f'.//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]' for name in sorted(SCREEN_READER_CLASSES)
)
CREDIT_NAMES = re.compile(r"credit|copyright|photographer|source", re.IGNORECASE)
# A figure whose caption names the author and the date is the byline's portrait, not an article image.
BYLINE_IN_CAPTION = './/address | .//a[@rel="author"] | .//time'
CAPTION_SEARCH_LIMIT = 200  # descendants of a figure searched for its caption (it comes early; pages nest)
# Wrappers between a stray caption and the element it shares with its image: the caption's box (which may
# hold a credit) up to NAMED_CAPTION_ANCESTORS, then bare wrappers such as a grid's container, row and column.
NAMED_CAPTION_ANCESTORS = 3
CAPTION_ANCESTORS = 5
FIGURE_TEXT_MAX = 200  # characters besides the caption: more is article text laid out in a <figure>
CAPTION_BOX_EXTRA = 80  # characters a caption's box holds besides it (a credit, a "photo" label)


@dataclass
class Figure:
    """An image unit taken out of the page: the image holder, the element it sat in, and its caption."""

    element: html.HtmlElement
    anchor: html.HtmlElement
    caption: html.HtmlElement | None = None
    credit: html.HtmlElement | None = None
    pruned: bool = False  # it sat in boilerplate (a header, a sidebar)
    position: int = 0  # in document order: minified pages put everything on one source line


def document_order(root: html.HtmlElement) -> dict[html.HtmlElement, int]:
    """Each element's position in the page, read before figures are taken out."""
    return {element: position for position, element in enumerate(root.iter())}


def detach_figures(root: html.HtmlElement, order: dict[html.HtmlElement, int] | None = None) -> list[Figure]:
    """Take figures and captions out of the pruned page: they are not body text."""
    order = order if order is not None else document_order(root)
    figures = [Figure(figure, figure, _caption_element(figure)) for figure in image_figures(root)]
    for unit in filter(None, map(_stray_caption_unit, stray_captions(root, order))):
        _add_stray_unit(figures, unit)
    for figure in figures:
        figure.position = order.get(figure.element, 0)
        figure.anchor = figure.element.getparent()
        figure.credit = figure.credit if figure.credit is not None else _credit_after(figure.element)
        for element in (figure.element, figure.caption, figure.credit):
            if element is not None and element.getparent() is not None:
                element.drop_tree()
    for caption in root.xpath(CAPTIONS):
        caption.drop_tree()
    return [figure for figure in figures if figure.anchor is not None]


def _credit_after(figure: html.HtmlElement) -> html.HtmlElement | None:
    """A credit line printed right after a figure, outside it ("<figure>...</figure><small class="credit">Foto:
    Jane Doe</small>"): short, named for credits or opening with a credit label or a copyright sign."""
    following = _next_element(figure)
    if following is None or (figure.tail or "").strip() or following.tag in NOT_CAPTION_TAGS:
        return None
    text = squash(following.text_content())
    if not 0 < len(text) <= CREDIT_MAX_CHARS or _holds_image(following):
        return None
    return following if CREDIT_NAMES.search(following.get("class", "")) or LABELLED_CREDIT.match(text) else None


def _add_stray_unit(figures: list[Figure], unit: Figure) -> None:
    """Add a caption found outside <figure> with its image; when that image is a captionless <figure> already
    found ("<figure><img></figure><figcaption>", "<figure><img></figure><p class="caption">"), the caption
    becomes that figure's."""
    inner = next(
        (figure for figure in figures if figure.caption is None and contains(unit.element, figure.element)),
        None,
    )
    if inner is None:
        figures.append(unit)
    else:
        inner.caption, inner.credit = unit.caption, unit.credit


def stray_captions(root: html.HtmlElement, order: dict[html.HtmlElement, int]) -> list[html.HtmlElement]:
    """Captions outside any <figure>, in page order: by class (STRAY_CAPTIONS), or right after an image."""
    named = root.xpath(STRAY_CAPTIONS)
    after_images = [
        element
        for image in root.iter("img", "picture")
        if (element := _next_element(image, skip="br")) is not None
        and (_is_copyright_line(element) or _is_text_beside_image(image, element))
        and element not in named
    ]
    if not after_images:
        return list(named)
    return sorted([*named, *after_images], key=order.__getitem__)


def _next_element(element: html.HtmlElement, skip: str = "") -> html.HtmlElement | None:
    """The next sibling element (comments are no siblings in XPath's sense), past `skip` elements."""
    following = element.getnext()
    while following is not None and (not isinstance(following.tag, str) or following.tag == skip):
        following = following.getnext()
    return following


def _is_copyright_line(element: html.HtmlElement) -> bool:
    """Short text with a copyright sign, outside any <figure>: a caption under another name."""
    text = element.text_content()
    return (
        "©" in text and len(squash(text)) < COPYRIGHT_LINE_MAX and next(element.iterancestors("figure"), None) is None
    )


def _is_text_beside_image(image: html.HtmlElement, element: html.HtmlElement) -> bool:
    """A short line right after an image, in a wrapper that holds little else: the image's caption in an
    unnamed element ("<picture/><div>Caption</div><div>Agency</div>")."""
    parent = image.getparent()
    if element.tag in NOT_CAPTION_TAGS or parent is None or element.find(".//a") is not None:
        return False
    text = squash(element.text_content())
    return (
        0 < len(text) < COPYRIGHT_LINE_MAX
        and text_length(parent) < COPYRIGHT_LINE_MAX
        and next(element.iterancestors("figure"), None) is None
    )


def image_figures(root: html.HtmlElement) -> list[html.HtmlElement]:
    """The image <figure>s of the page, outermost only (one inside another goes out with it), but a
    gallery's inner figures."""
    found: list[html.HtmlElement] = []
    taken: set[html.HtmlElement] = set()
    for figure in root.iter("figure"):
        if any(ancestor in taken for ancestor in figure.iterancestors("figure")) or _is_gallery(figure):
            continue
        if _is_image_figure(figure):
            found.append(figure)
            taken.add(figure)
    return found


def _is_gallery(figure: html.HtmlElement) -> bool:
    """A figure of figures ("wp-block-gallery"): its inner figures are the images, each with its caption."""
    return len([inner for inner in figure.iterdescendants("figure") if _first_image(inner) is not None]) > 1


def _is_image_figure(figure: html.HtmlElement) -> bool:
    """A <figure> holding an image and a caption; WordPress also wraps tables, pull quotes and embeds in
    <figure>, and their text is the article's."""
    if _first_image(figure) is None:
        return False
    caption = _caption_element(figure)
    caption_length = text_length(caption) if caption is not None else 0
    return text_length(figure) - caption_length <= FIGURE_TEXT_MAX


def article_images(
    figures: list[Figure], region: html.HtmlElement, metadata: Metadata, urljoin: Callable[[str], str | None]
) -> list[dict[str, Any]]:
    """Images of the article in page order, the lead first; a figure outside the article region, or in its
    boilerplate, counts only when it shows the metadata's lead image (a hero above the headline)."""
    declared = metadata_images(metadata, urljoin)
    lead_names = declared[0].names if declared else set()
    # the <article> around the text region holds its figures too (laid out beside the text blocks)
    scope = next(region.iterancestors("article"), region) if region.tag != "article" else region
    entries = []
    for figure in sorted(figures, key=lambda figure: figure.position):
        if figure.caption is not None and figure.caption.xpath(BYLINE_IN_CAPTION):
            continue
        image = image_in(figure.element, urljoin)
        if image is None:
            continue
        # an icon, a logo or a teaser's thumbnail counts only when it is the lead image at another size
        wanted = not (image.tiny or image.chrome or figure.pruned) and contains(scope, figure.anchor)
        if not (wanted or image.names & lead_names):
            continue
        for element in (figure.element, figure.caption, figure.credit):
            _drop_screen_reader_labels(element)
        caption, credit = split_caption(figure.caption) if figure.caption is not None else split_credit(image.caption)
        credit_element = figure.credit if figure.credit is not None else _credit_beside_caption(figure)
        if credit_element is not None:
            credit = squash(credit_element.text_content()) or credit
        image.caption, image.credit = printed_caption(caption), clean_credit(credit) or image.credit
        entries.append(image)
    return [image.as_dict() for image in reconcile(entries, declared)]


def _drop_screen_reader_labels(element: html.HtmlElement | None) -> None:
    """Remove the labels a caption carries for screen readers only ("Image caption, ", "Credit..."), unless
    they are all its text."""
    labels = element.xpath(SCREEN_READER_LABELS) if element is not None else []
    outermost = [label for label in labels if not any(ancestor in labels for ancestor in label.iterancestors())]
    if outermost and sum(map(text_length, outermost)) + len(outermost) < text_length(element):
        for label in outermost:
            label.drop_tree()


def split_caption(element: html.HtmlElement | None) -> tuple[str | None, str | None]:
    """Split a caption element into (caption, credit): a credit element and what follows it, a short last
    part in an element of its own, or a credit written into the text."""
    if element is None:
        return None, None
    selector, credit_element = next(
        ((selector, found[0]) for selector in CREDIT_SELECTORS if (found := element.xpath(selector))), ("", None)
    )
    if credit_element is None:
        credit_element = _credit_part(element)
    if credit_element is None:
        return split_credit(element.text_content())
    before, after = _text_around(element, credit_element)
    credit_text = squash(credit_element.text_content())
    if not before and after and not is_credit_like(after):  # the credit comes first, the caption after it
        return split_credit(after)[0], clean_credit(credit_text)
    if selector == TAG_CREDIT and not before and is_credit_like(after) and not is_credit_like(credit_text):
        # the element taken for the credit by its tag (a <small>) is the caption: the credit follows it
        return split_credit(credit_text)[0], clean_credit(after)
    caption, credit = split_credit(before)
    if credit_text and credit_text in after:  # printed again for another layout, behind the caption's controls
        after = ""
    element_credit = clean_credit(squash(credit_text + " " + after))
    if credit and element_credit and (credit in element_credit or element_credit in credit):
        return caption, element_credit  # the text printed the credit its element prints again
    credit = " ".join(part for part in (credit, element_credit) if part)
    return caption, clean_credit(credit)


def _credit_beside_caption(figure: Figure) -> html.HtmlElement | None:
    """A credit inside the figure but outside its caption: an element named for credits, or a short line
    that opens with a copyright sign or a credit label ("<small>© Jane Doe</small>" over the image)."""
    caption = figure.caption
    for element in islice(figure.element.iter(), CAPTION_SEARCH_LIMIT):
        if not isinstance(element.tag, str) or element.tag in NOT_CAPTION_TAGS or element is figure.element:
            continue
        if caption is not None and (contains(caption, element) or contains(element, caption)):
            continue
        text = squash(element.text_content())
        if (
            0 < len(text) <= CREDIT_MAX_CHARS
            and _first_image(element) is None
            and (CREDIT_NAMES.search(element.get("class", "")) or LEADING_LABEL.match(text) or _agency_line(text))
        ):
            return element
    return None


def _agency_line(text: str) -> bool:
    """A line that only credits an agency ("Getty Images", "Jane Doe/AFP"), printed over the image."""
    return bool(AGENCY.search(text)) and is_credit_like(text)


def _credit_part(element: html.HtmlElement) -> html.HtmlElement | None:
    """The last child of a caption when it stands apart as a credit: "<span>Text.</span><span>Agency</span>",
    also inside wrappers that hold nothing else ("<span><span>Text.</span><span>Agency</span></span>")."""
    children = [child for child in element if isinstance(child.tag, str)]
    while len(children) == 1 and not (element.text or "").strip() and not (children[0].tail or "").strip():
        element = children[0]
        children = [child for child in element if isinstance(child.tag, str)]
    if len(children) < 2 or children[-1].tag not in CREDIT_PART_TAGS or (children[-1].tail or "").strip():
        return None
    if is_boilerplate(children[-1]):  # a share bar under a hero's title ("Share"), not a credit
        return None
    last = children[-1].text_content()
    rest = len(squash(element.text_content())) - len(squash(last))
    return children[-1] if rest > len(squash(last)) and is_credit_like(last) else None


def _holds_image(element: html.HtmlElement) -> bool:
    """An image, or an element with one inside."""
    return element.tag in IMAGE_TAGS or _first_image(element) is not None


def _first_image(element: html.HtmlElement) -> html.HtmlElement | None:
    """The first image inside an element (IMAGE_ELEMENTS), found without listing them all."""
    return next(
        (
            image
            for image in element.iter(*IMAGE_ELEMENTS)
            if image is not element and (image.tag != "source" or image.get("srcset"))
        ),
        None,
    )


def _stray_caption_unit(caption: html.HtmlElement) -> Figure | None:
    """Pair a caption outside any <figure> with its image: a small common wrapper, or (Drupal-style
    separate fields) the preceding sibling that holds the image, and a following credit field."""
    if _first_image(caption) is not None:
        return _captioned_image_box(caption)
    caption_length = text_length(caption)
    child = caption
    for depth, ancestor in enumerate(islice(caption.iterancestors(), CAPTION_ANCESTORS)):
        if depth >= NAMED_CAPTION_ANCESTORS and not _bare_wrapper(child, caption_length):
            return None  # past the caption's own box only bare wrappers: a box with more text is a card's
        if _first_image(ancestor) is not None:
            if text_length(ancestor) <= caption_length + CAPTION_BOX_EXTRA:
                following = _next_element(caption)
                credit = following if following is not None and is_credit_like(following.text_content()) else None
                return Figure(ancestor, ancestor, caption, credit)
            if text_length(child) > caption_length + CAPTION_BOX_EXTRA:
                return None  # the caption sits in a block of text, not in a caption field
            image = next((sib for sib in child.itersiblings(preceding=True) if _holds_image(sib)), None)
            if image is not None and text_length(image) > FIGURE_TEXT_MAX:
                return None  # an image inside a block of text: not an image field
            credit = next((sib for sib in child.itersiblings() if CREDIT_NAMES.search(sib.get("class", ""))), None)
            return Figure(image, ancestor, child, credit) if image is not None else None
        child = ancestor
    return None


def _bare_wrapper(element: html.HtmlElement, caption_length: int) -> bool:
    """Whether an element around a caption holds nothing else, but for a credit element beside it."""
    credits = sum(map(text_length, element.xpath(CREDIT_ELEMENTS)))
    return text_length(element) <= caption_length + credits + 1  # the space between caption and credit


def _captioned_image_box(box: html.HtmlElement) -> Figure | None:
    """A caption-named box holding the image ("wp-caption"): a figure by another name, whose caption is the
    caption inside it; a box of text named after its captions ("has-caption") is none."""
    inner = _caption_element(box)
    if inner is None or text_length(box) - text_length(inner) > FIGURE_TEXT_MAX:
        return None
    return Figure(box, box, inner)


def _caption_element(unit: html.HtmlElement) -> html.HtmlElement | None:
    """The unit's first caption: CAPTIONS's rule, in Python so that it stops at the first one and searches
    CAPTION_SEARCH_LIMIT descendants at most (the XPath lists every caption of the subtree)."""
    if "caption" in unit.get("class", "") and _first_image(unit) is None:
        return unit
    return next(
        (
            element
            for element in islice(unit.iterdescendants(), CAPTION_SEARCH_LIMIT)
            if isinstance(element.tag, str)
            and (element.tag == "figcaption" or "caption" in element.get("class", ""))
            and 0 < text_length(element) < CAPTION_MAX  # an empty one is a "show caption" button
        ),
        None,
    )


def _text_around(element: html.HtmlElement, part: html.HtmlElement) -> tuple[str, str]:
    """The text of an element before one of its descendants, and after it."""
    before: list[str] = []
    after: list[str] = []
    _collect(element, part, before, after)
    return squash(" ".join(before)), squash(" ".join(after))


def _collect(element: html.HtmlElement, part: html.HtmlElement, before: list[str], after: list[str]) -> bool:
    """Append element's text to `before` until `part` is met, to `after` past it; whether it was met."""
    met = False
    target = before
    target.append(element.text or "")
    for child in element:
        if child is part:
            met, target = True, after
        elif isinstance(child.tag, str):
            if not met and _collect(child, part, before, after):
                met, target = True, after
            elif met:
                after.append(child.text_content())
        target.append(child.tail or "")
    return met
