"""The article's headline: <h1>, og:title, JSON-LD headline and <title> compared, site name removed."""

from __future__ import annotations

import re

from lxml import etree, html

from newsspider.extraction.boilerplate import is_hidden
from newsspider.text import squash

# Separators between a headline and the site name in <title> and og:title.
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·•:»/]{1,2}\s+|\s+::\s+")
H1 = "//h1"
# An <h1> in a breadcrumb trail (a list in a <nav>, or a "breadcrumb" class) names the page in the trail;
# sites that print it there set the headline in a heading below.
IN_BREADCRUMB = (
    "ancestor::*[not(self::body or self::html or self::main or self::article)]"
    "[contains(translate(@class, 'BREADCUM', 'breadcum'), 'breadcrumb')] or (ancestor::li and ancestor::nav)"
)
SUBHEADINGS = "//h2 | //h3"
SUBHEADINGS_SEARCHED = 10  # the headline comes early; a page's later headings are sections and teasers
MIN_PRINTED_WORDS = 3  # a shorter lone <h1> is a section name or a logo more often than the headline
MAX_PRINTED_WORDS = 40
KICKER_MAX_WORDS = 5  # a topic line printed in the <h1> before the headline ("Transport", "Live")
# The heading that prints the title: the CMS may add a kicker or cut the title, so its start is compared.
TITLE_HEADING = "(//h1 | //h2 | //h3 | //h4)[starts-with(normalize-space(), $start)][1]"
TITLE_PREFIX = 40
HEADING_TEXT = "{axis}::text()[normalize-space()][not(parent::script)][not(parent::style)][position() <= {count}]"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # XPath strings refuse them
HEADING_NEIGHBOURS = 15  # text nodes after the headline searched for a byline or a relative date
# Tags inside a heading that print no words of it: a logo's SVG (whose <title> names the site), buttons such
# as "copy link", scripts. Fewer than boilerplate.NOISE_TAGS: a <label> in a heading prints a product's SKU.
UNPRINTED_TAGS = frozenset({"svg", "button", "script", "style", "template", "noscript", "select"})
# Elements that end a run of words: text on either side of them is two words, not one.
WORD_BREAKS = frozenset({"br", "div", "p", "li"})


def choose_title(
    root: html.HtmlElement, *, headline: str | None, og_title: str | None, html_title: str | None, site_name: str | None
) -> str | None:
    """Pick the headline: a metadata title printed below a breadcrumb <h1>, the page's only <h1>, or an <h1>
    that the metadata titles confirm, else the metadata title minus site name."""
    titles = _whole_titles([title for title in (headline, og_title, html_title) if title])
    below_breadcrumb = _title_below_breadcrumb(root, titles)
    if below_breadcrumb:
        return below_breadcrumb
    cleaned = [strip_site_name(title, site_name) or title for title in titles]
    h1s = _printed_h1s(root)
    h1_texts = list(h1s.values())
    # an <h1> that is the site name is the logo
    printed = [h1 for h1 in dict.fromkeys(h1_texts) if not site_name or _norm(h1) != _norm(site_name)]
    if len(printed) == 1 and MIN_PRINTED_WORDS <= len(printed[0].split()) <= MAX_PRINTED_WORDS:
        # the one headline the page prints: the metadata titles are often rewritten for search
        h1 = next(element for element, text in h1s.items() if text == printed[0])
        return _without_kicker(h1, printed[0], titles)
    for h1 in printed:
        words = _norm(h1)
        # a logo <h1> holding the site name is contained in the title too, but is much shorter than it
        pairs = zip(titles, cleaned, strict=True)
        if words and any(words in _norm(t) and len(words) >= 0.5 * len(_norm(c)) for t, c in pairs):
            return h1
    return next(iter(cleaned), None) or next(iter(h1_texts), None)


def _whole_titles(titles: list[str]) -> list[str]:
    """The metadata titles without one that a quote in the headline cut short: an attribute value ending in
    a space (content="Senator calls plan "reckless"" reads as "Senator calls plan ") that another title
    goes on from."""
    return [
        title
        for title in titles
        if not (title != title.rstrip() and any(other.startswith(title) and other != title for other in titles))
    ]


def _without_kicker(h1: html.HtmlElement, printed: str, titles: list[str]) -> str:
    """The printed headline without the kicker the <h1> sets apart before it ("<span>Transport</span>
    Council backs …", "Transport<br>Council backs …"), when a metadata title is the rest of it."""
    kicker = _kicker(h1)
    if not kicker or len(kicker.split()) > KICKER_MAX_WORDS:
        return printed
    # compared without spaces: an inline kicker element is printed glued to the headline ("CityCouncil …")
    words = _norm(printed).replace(" ", "")
    rest = next((title for title in titles if _norm(f"{kicker}{title}").replace(" ", "") == words), None)
    if rest is None and any(_norm(TITLE_SEPARATORS.split(title)[0]) == _norm(kicker) for title in titles):
        # the metadata title sets the kicker apart too ("Transport - Council backs … - Site")
        rest = _after_kicker(printed, kicker)
    return squash(rest) if rest and len(rest.split()) >= MIN_PRINTED_WORDS else printed


def _after_kicker(printed: str, kicker: str) -> str | None:
    """The printed headline after its kicker, when it starts with it."""
    return printed[len(kicker) :].lstrip(" -–—:|") if printed.startswith(kicker) else None


def _kicker(h1: html.HtmlElement) -> str | None:
    """The words an <h1> sets apart before its headline: a first child element before any text of the
    <h1>'s own, or the text before a line break."""
    first = next((child for child in h1 if isinstance(child.tag, str)), None)
    if first is None:
        return None
    if not (h1.text or "").strip():
        return printed_text(first) if (first.tail or "").strip() or first.getnext() is not None else None
    return squash(h1.text) if first.tag == "br" else None


def strip_site_name(title: str, site_name: str | None) -> str | None:
    """Remove the site-name part of "Headline | Site" (or "Site - Headline")."""
    title = squash(title)
    parts = [part for part in TITLE_SEPARATORS.split(title) if part]
    if len(parts) < 2:
        return title or None
    site = _norm(site_name or "")
    kept = [part for part in parts if not site or (_norm(part) not in site and site not in _norm(part))]
    if len(kept) == len(parts):
        kept = [max(parts, key=len)]  # no site name to recognise: the longest part is the headline
    return " - ".join(kept) if kept else title


def _title_below_breadcrumb(root: html.HtmlElement, titles: list[str]) -> str | None:
    """When every <h1> sits in a breadcrumb trail, the metadata title that a heading below prints whole, at
    its end (a kicker may come first)."""
    h1s = root.xpath(H1)
    if not h1s or not all(h1.xpath(IN_BREADCRUMB) for h1 in h1s):
        return None
    headings = [f" {_norm(printed_text(heading))}" for heading in root.xpath(SUBHEADINGS)[:SUBHEADINGS_SEARCHED]]
    printed = [squash(title) for title in titles if _norm(title)]
    return next((title for title in printed if any(h.endswith(f" {_norm(title)}") for h in headings)), None)


def _printed_h1s(root: html.HtmlElement) -> dict[html.HtmlElement, str]:
    """The page's first <h1>s that print words, with their words."""
    texts = {h1: printed_text(h1) for h1 in root.xpath(H1)[:5]}
    return {h1: text for h1, text in texts.items() if text}


def printed_text(heading: html.HtmlElement) -> str:
    """The words a heading shows a reader: hidden parts, buttons and SVG logos left out, a line break a space."""
    pieces: list[str] = []
    hidden_depth = 0  # how many unprinted elements the walk is inside
    for event, element in etree.iterwalk(heading, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi"):  # prints only its tail
            pieces += [] if hidden_depth else [element.tail or ""]
            continue
        unprinted = _is_unprinted(element)
        gap = " " if element.tag in WORD_BREAKS else ""
        if event == "start":
            hidden_depth += unprinted
            pieces += [gap, element.text or ""] if not hidden_depth else []
            continue
        hidden_depth -= unprinted
        if not hidden_depth and element is not heading:
            pieces += [gap, element.tail or ""]
    return squash("".join(pieces))


def _is_unprinted(element: html.HtmlElement) -> bool:
    """No words of the heading: an UNPRINTED_TAGS element, or one hidden from readers (a tooltip)."""
    return element.tag in UNPRINTED_TAGS or is_hidden(element)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def title_heading(root: html.HtmlElement, title: str | None) -> html.HtmlElement | None:
    """The heading that prints the title, else the first <h1>."""
    if title:
        start = CONTROL_CHARACTERS.sub("", squash(title))[:TITLE_PREFIX]  # XPath strings refuse them
        found = root.xpath(TITLE_HEADING, start=start)
        if found:
            return found[0]
    found = root.xpath("(//h1)[1]")
    return found[0] if found else None


def heading_texts(heading: html.HtmlElement, axis: str, count: int) -> list[str]:
    """The nearest text nodes before ("preceding") or after ("following") the heading, in page order."""
    return [squash(str(text)) for text in heading.xpath(HEADING_TEXT.format(axis=axis, count=count))]
