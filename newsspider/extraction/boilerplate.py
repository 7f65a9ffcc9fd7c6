"""Pruning of boilerplate: navigation, promos, related boxes, share bars, comments, ads and captions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree, html

from newsspider.extraction.comments import COMMENT_NAMES, comment_threads
from newsspider.extraction.content import BLOCK_TAGS, PARAGRAPH_TAGS, best_block, contains, text_length
from newsspider.text import squash

# Tags that never hold article text: removed with everything inside them. Figures stay for media.py.
NOISE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "embed",
    "button",
    "input",
    "select",
    "textarea",
    "label",
    "dialog",
    "video",
    "audio",
    "map",
    "link",
    "meta",
    "amp-ad",
    "amp-embed",
    "amp-social-share",
    "amp-sidebar",
    "amp-analytics",
    "amp-consent",
    "amp-iframe",
)
# Wrappers of an image and no words, unwrapped rather than removed with NOISE_TAGS: a figure's button that
# opens a lightbox, and the <noscript> fallback of a lazy loader that builds the <img> in script (all the page
# holds of that image). A <noscript> elsewhere mostly holds a tracking pixel, a button elsewhere an icon.
IMAGE_WRAPPERS = (
    "//figure//button[(.//img or .//picture) and not(normalize-space())]"
    " | //noscript[.//img and not(normalize-space())][ancestor::figure or parent::*[@data-src or @data-srcset]]"
)
# Controls are chrome, except one holding most of the page's text: an unclosed <button> or <label> that the
# parser wrapped around the rest of the page, which the reader still sees. It is unwrapped, not removed.
CONTROLS = etree.XPath("//button | //label")
SWALLOWED_SHARE = 0.5
# A figure that shows its image as a CSS background ("<div style="background-image: url(...)">") instead of
# an <img>: the image is written out as one, so that it is read as any other.
BACKGROUND_IMAGES = '//figure//*[contains(@style, "background-image")][not(.//img)]'
BACKGROUND_URL = re.compile(r"background-image\s*:\s*url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.IGNORECASE)
# Tags of page chrome that broken or unusual pages also wrap around the article (ASP.NET <form>, an
# unclosed <aside>, a <header> holding the story): removed by prune(), which never removes the article.
GUARDED_TAGS = frozenset({"form", "header", "nav", "aside", "footer", "menu"})
# ARIA roles of page chrome.
NOISE_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "dialog",
        "alert",
        "menu",
        "menubar",
        "search",
        "toolbar",
        "tablist",
        "note",
    }
)
# class/id vocabulary of boilerplate, matched on whole words of the attribute (split at -, _, spaces and
# camelCase). Strong words mark chrome wherever they appear; weak words only as the last word of a name, on
# elements that do not also name themselves content ("node-article node-promoted" is the article).
STRONG_WORDS = frozenset(
    """
    advert advertisement advertising adslot adunit dfp sponsor sponsored promo promos share shares
    sharing social sociable socials sharebar sharetools related relatedposts recommend recommended
    recommendations recirc recirculation outbrain taboola readmore seealso alsoread morestories mostread
    mostpopular newsletter newsletters subscribe subscription signup paywall regwall comment comments
    commentlist disqus discussion replies respond sidebar widget widgets breadcrumb breadcrumbs
    pagination pager navbar navigation menu footer skiplink backtotop totop byline bylines authorbio
    ticker cookie cookies consent gdpr popup modal overlay onetrust didomi usercentrics cookiebot quantcast offscreen
    disclaimer disclaimers disclosure disclosures toc tableofcontents
""".split()
)
WEAK_WORDS = frozenset(
    """
    ad ads adv gpt promoted follow trending popular rail masthead toolbar topbar skip nav
    author authors bio
    meta postmeta entrymeta dateline timestamp tag tags taglist keywords topics categories banner alert
    notice print kicker eyebrow overline
""".split()
)
# Whole class names of text for screen readers only, in the common CSS frameworks and CMSs.
SCREEN_READER_CLASSES = frozenset(
    "visually-hidden visuallyhidden sr-only screen-reader-text screen-reader-only".split()
)
# Whole class names that hide an element (matched as written: "field-label-hidden" hides only a label).
HIDDEN_CLASSES = SCREEN_READER_CLASSES | frozenset(
    "hidden is-hidden element-hidden element-invisible d-none hide invisible u-hidden".split()
)
CONTENT_WORDS = frozenset(
    """
    article body content main story post entry text node page
""".split()
)
# Parts of class and id names that name chrome wherever they stand; a name that starts with "ad-" or "ads_"
# is an ad slot ("ad-leaderboard", "ad-inarticle"), whatever the site calls the slot itself. This pattern and
# CONTENT_NAMES are matched against lower-cased names: with IGNORECASE, Python's re runs them 1.6 times slower.
BOILERPLATE_SUBSTRINGS = re.compile(
    r"comment|disqus|newsletter|sharebar|socialshare|share-?tools|share-?buttons|outbrain|taboola|"
    r"related|recommend|breadcrumb|sidebar|cookie|consent|subscribe|paywall|advert|sponsor|promo-?box|table-?of-?contents|"
    r"read-?more|see-?also|also-?read|more-?(stories|articles|news)|most-?(read|popular|viewed)|author-?(bio|box|info|card)|"
    r"(^|[\s_-])ad-?(spot|slot|unit|box|container|wrap|wrapper|zone|block|holder|label)|(^|\s)ads?[-_]"
)
# Containers that hold the article itself: never pruned by vocabulary, whatever else their class says.
CONTENT_NAMES = re.compile(
    r"article-?body|articlebody|article__body|entry-?content|post-?content|post-?body|story-?body|"
    r"story-?content|main-?content|article-?content|article-?text|body-?text|rich-?text|content-?body"
)
# Promo boxes whose links are worth keeping as related_links.
RELATED_NAMES = re.compile(
    r"related|recommend|see-?also|also-?read|read-?more|more-?(stories|on|articles)|recirc", re.IGNORECASE
)
# Chrome elements whose links are promos of other articles: a related-named box, or an aside or section
# headed like one.
PROMO_HEADINGS = (
    "related",
    "read more",
    "read next",
    "more on",
    "more from",
    "also like",
    "recommended",
    "see also",
    "more stories",
    "you may also",
    "lesen sie auch",
    "mehr zum thema",
    "mehr aus",
    "auch interessant",
    "à lire aussi",
    "lire aussi",
    "leer más",
    "lee también",
)
PROMO_HEADING = re.compile("|".join(map(re.escape, PROMO_HEADINGS)))
PROMO_LABELS = ("h2", "h3", "h4")  # the headings a promo box is named by; an <aside> also by any first child
# Last words of class names that describe a state, not what the element is ("modal-enabled").
STATE_WORDS = frozenset("enabled disabled active inactive open opened closed visible loaded ready init js".split())
TOKEN_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")
# The only elements is_boilerplate() can flag: one XPath instead of a Python loop over every element.
NAMED_OR_GUARDED = (
    ".//*[@class or @id or @role or @hidden or @aria-hidden or @style or @aria-label or self::form or self::header"
    " or self::nav or self::aside or self::footer or self::menu or @data-nosnippet]"
)
# A form that asks for an e-mail address or a phone number signs the reader up (newsletter, SMS deals, alerts);
# the box around it, up to SIGNUP_BOX_MAX_CHARS of text, is its pitch ("Be the first to know!"), named or not.
SIGNUP_FORMS = etree.XPath("//form[.//input[@type='email' or @type='tel']]")
SIGNUP_BOX_MAX_CHARS = 500
SIGNUP_BOX_MAX_PARAGRAPHS = 2  # a pitch and a consent line
STORY_WRAPPERS = frozenset({"body", "main", "article"})
# Inside code, class names are a syntax highlighter's tokens ("hljs-comment", Prism's "token comment"), not chrome.
CODE_DESCENDANTS = etree.XPath("//pre//*[@class] | //code//*[@class]")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Controls that open a panel (an accordion's heading, a tab): the panel they name by id is hidden until the
# reader opens it, and its text is the page's (a guide's steps, an FAQ's answers).
DISCLOSURE_CONTROLS = (
    "//*[@aria-controls][@aria-expanded or @role='button' or @role='tab' or self::button]/@aria-controls"
)


@dataclass
class Pruned:
    """What pruning removed that extraction still needs: links of promo boxes."""

    promo_links: list[tuple[str, str]] = field(default_factory=list)
    # block-level boilerplate left in the tree (prune(keep_blocks=True)), outermost only
    marked: list[html.HtmlElement] = field(default_factory=list)


def strip_noise(root: html.HtmlElement) -> list[tuple[str, str]]:
    """Remove scripts, styles, navigation, forms' controls and comments (never article text); return the
    links of the promo boxes among them (a "Related" <aside>)."""
    promo_links = [link for box in promo_boxes(root) for link in links_of(box)]
    open_disclosures(root)
    _write_out_background_images(root)
    for wrapper in [*root.xpath(IMAGE_WRAPPERS), *_swallowing_controls(root)]:
        wrapper.drop_tag()
    for box in [*signup_boxes(root), *comment_threads(root)]:
        box.drop_tree()
    etree.strip_elements(root, *NOISE_TAGS, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return promo_links


def _swallowing_controls(root: html.HtmlElement) -> list[html.HtmlElement]:
    """The controls that hold more than SWALLOWED_SHARE of the page's text."""
    controls = CONTROLS(root)
    page = text_length(root) if controls else 0
    return [control for control in controls if text_length(control) > SWALLOWED_SHARE * page]


def signup_boxes(root: html.HtmlElement) -> list[html.HtmlElement]:
    """The widest element around each sign-up form that holds little more than the form and its pitch."""
    boxes = []
    for form in SIGNUP_FORMS(root):
        box = form
        for parent in form.iterancestors():
            if parent.tag in STORY_WRAPPERS or _may_hold_a_story(parent):
                break
            box = parent
        boxes.append(box)
    return list(dict.fromkeys(boxes))  # two forms in one box: the box once


def _may_hold_a_story(element: html.HtmlElement) -> bool:
    """A headline, paragraphs or more text than a sign-up pitch: the form sits in a story, not in a box."""
    if element.find(".//h1") is not None or len(element.findall(".//p")) > SIGNUP_BOX_MAX_PARAGRAPHS:
        return True
    return text_length(element) > SIGNUP_BOX_MAX_CHARS


def _write_out_background_images(root: html.HtmlElement) -> None:
    """Give each figure's CSS background image an <img> of its own."""
    for element in root.xpath(BACKGROUND_IMAGES):
        found = BACKGROUND_URL.search(element.get("style", ""))
        if found and not found.group(1).startswith("data:"):
            etree.SubElement(element, "img", src=found.group(1).strip())


def promo_boxes(root: html.HtmlElement) -> list[html.HtmlElement]:
    """The <aside>s and <section>s headed like a promo box ("<h3>Related</h3>", "<span>Lesen Sie auch:</span>")."""
    return [box for box in root.iter("aside", "section") if any(map(_promo_label, _labels(box)))]


def _labels(box: html.HtmlElement) -> list[html.HtmlElement]:
    """The elements that may name a box: its headings, and an <aside>'s children too."""
    headings = list(box.iter(*PROMO_LABELS))
    return [*(child for child in box if isinstance(child.tag, str)), *headings] if box.tag == "aside" else headings


def _promo_label(label: html.HtmlElement) -> bool:
    """Whether an element's text names a promo box ("Related", "Lesen Sie auch")."""
    return bool(PROMO_HEADING.search(label.text_content().casefold()))


def open_disclosures(root: html.HtmlElement) -> None:
    """Show the panels that the page's controls open, as a reader who opens each one sees the page."""
    controlled = {name for names in root.xpath(DISCLOSURE_CONTROLS) for name in str(names).split()}
    if not controlled:
        return
    for panel in root.xpath(".//*[@id]"):
        if panel.get("id") in controlled:
            panel.attrib.pop("hidden", None)
            if HIDDEN_STYLE.search(panel.get("style", "")):
                panel.set("style", HIDDEN_STYLE.sub("", panel.get("style", "")))


def prune(root: html.HtmlElement, keep_blocks: bool = False) -> Pruned:
    """Remove boilerplate named by tag, role, class or id, in place; return the promo links it held. With
    keep_blocks, block-level boilerplate stays in the tree and is returned as marked instead: the body
    scorer sees it as evidence and may keep what the vocabulary got wrong.

    Guard against over-pruning: a vocabulary word also names the wrappers of many articles ("box article
    modal-enabled", Elementor "widget"s), so the block whose paragraphs score best (comments left out of
    the count) and its ancestors are never removed, nor anything holding half of that block's text.
    """
    candidates = _boilerplate_elements(root)
    # harvested up front: a related box often sits inside a rail that is removed as a whole
    promo_links = [link for el in candidates if RELATED_NAMES.search(_names(el)) for link in links_of(el)]
    best = best_block(root, _comment_paragraphs(candidates))
    protected = {best, *best.iterancestors()} if best is not None else set()
    best_size = text_length(best) if best is not None else 0
    marked: list[html.HtmlElement] = []
    inside_marked: set[html.HtmlElement] = set()
    for element in candidates:  # in document order: an element comes before what it holds
        if (
            element in protected
            or element in inside_marked
            or element.getparent() is None
            or _is_detached(element, root)
        ):
            continue
        if (
            best is not None
            and contains(best, element)
            and text_length(element) > 0.5 * best_size
            and not _always_noise(element)
        ):
            continue
        if keep_blocks and element.tag in BLOCK_TAGS and not is_hidden(element):
            marked.append(element)
            inside_marked.update(element.iter())
        else:
            element.drop_tree()  # keeps the tail text, which belongs to the parent
    return Pruned(promo_links, marked)


def _comment_paragraphs(candidates: list[html.HtmlElement]) -> frozenset[html.HtmlElement]:
    """Paragraphs inside comment sections: long and many, they must not decide where the article is."""
    sections = [el for el in candidates if COMMENT_NAMES.search(_names(el))]
    return frozenset(p for section in sections for p in section.iter(*PARAGRAPH_TAGS, "div"))


def links_of(element: html.HtmlElement) -> list[tuple[str, str]]:
    """The (href, text) pairs of the links inside an element."""
    return [(a.get("href", ""), squash(a.text_content())) for a in element.iter("a") if a.get("href")]


def is_boilerplate(element: html.HtmlElement) -> bool:
    """Whether an element's tag, role, class, id or style marks it as page chrome."""
    if element.tag == "header" and (
        element.find(".//h1") is not None or any(a.tag == "article" for a in element.iterancestors())
    ):
        return False  # the article's own header (it holds the headline): byline, lead, lead figure
    if element.tag in GUARDED_TAGS or element.get("role", "").lower() in NOISE_ROLES:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if HIDDEN_STYLE.search(element.get("style", "")):
        return True
    if element.get("data-nosnippet") is not None:
        return True  # the publisher tells search engines it is no part of the page's text (bylines, bios, promos)
    names = _names(element)
    return bool(names) and names_say_boilerplate(names)


@lru_cache(maxsize=20_000)
def names_say_boilerplate(names: str) -> bool:
    """Whether class, id and aria-label name page chrome (cached: pages repeat their class names)."""
    if HIDDEN_CLASSES.intersection(names.split()):
        return True
    if CONTENT_NAMES.search(names.lower()):
        return False
    names = " ".join(name for name in names.split() if _last_word(name) not in STATE_WORDS)
    words = {word for name in names.split() for word in _words(name)}
    if "embed" in words and not COMMENT_NAMES.search(names):
        return False  # an embedded post (tweet, Instagram) is quoted in the article, not a share bar
    if words & STRONG_WORDS or BOILERPLATE_SUBSTRINGS.search(names.lower()):
        return True
    # BEM-style names end in what the element is: "article-kicker" is a kicker, "node-article" an article
    heads = {_last_word(name) for name in names.split()}
    return bool(heads & WEAK_WORDS) and not heads & CONTENT_WORDS


def _boilerplate_elements(root: html.HtmlElement) -> list[html.HtmlElement]:
    code = set(CODE_DESCENDANTS(root))
    return [el for el in root.xpath(NAMED_OR_GUARDED) if el not in code and is_boilerplate(el)]


def _last_word(name: str) -> str:
    words = _words(name)
    return words[-1] if words else ""


@lru_cache(maxsize=20_000)
def _words(name: str) -> tuple[str, ...]:
    """The lower-cased words of one class or id name ("shareBar__item" -> share, bar, item), cached per name."""
    return tuple(word.lower() for word in TOKEN_SPLIT.split(name) if word)


def is_hidden(element: html.HtmlElement) -> bool:
    """Hidden from readers (hidden, display:none, aria-hidden): never body, whatever a scorer thinks."""
    return _always_noise(element) or element.get("aria-hidden") == "true"


def _always_noise(element: html.HtmlElement) -> bool:
    """Hidden elements go whatever their size: a reader never sees them."""
    return element.get("hidden") is not None or bool(HIDDEN_STYLE.search(element.get("style", "")))


def _names(element: html.HtmlElement) -> str:
    """class, id and aria-label: what the page calls the element ("Cookie banner", "Advertisement")."""
    return f"{element.get('class', '')} {element.get('id', '')} {element.get('aria-label', '')}".strip()


def _is_detached(element: html.HtmlElement, root: html.HtmlElement) -> bool:
    return not any(ancestor is root for ancestor in element.iterancestors())
