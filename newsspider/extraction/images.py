"""The article's images: one entry per image however many sizes the page lists, reconciled with the metadata's
lead image, the lead first and the others in page order."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import html

from newsspider.extraction.credits import LEADING_LABEL, clean_credit, split_credit
from newsspider.extraction.structured import Metadata, as_list, text_of
from newsspider.text import squash

MAX_IMAGES = 30
IMAGE_ELEMENTS = ("img", "amp-img", "source")  # a <source> counts when it has a srcset
SRC_ATTRIBUTES = ("src", "data-src", "data-lazy-src", "data-original", "data-url", "data-lazy", "data-image")
# Captions that lightbox and carousel scripts show when the image is opened (Fancybox, Jetpack), on the image
# or on the link around it; Jetpack's holds escaped HTML.
CAPTION_ATTRIBUTES = ("data-caption", "data-image-caption")
SRCSET_ATTRIBUTES = ("srcset", "data-srcset", "data-lazy-srcset")
SRCSET_CANDIDATE = re.compile(r"(?:^|,)\s*(?P<url>\S+?),?\s+(?P<size>\d+(?:\.\d+)?)(?P<unit>[wx])\b")
# Lazy-loading stand-ins that a script swaps for the real image: not images of the article.
PLACEHOLDER = re.compile(r"placeholder|blank\.|spacer\.|transparent\.|pixel\.|lazy\.|loading\.", re.IGNORECASE)
# Size versions of one image differ in a size, crop or quality suffix or folder ("photo-600x292.jpg", "/w450/",
# "_1200.jpeg", "-s1800-c85", "16x9-640"); what is left of the file name names the image.
SIZE_TOKENS = re.compile(
    r"(?:[-_.]?\d{1,5}x\d{1,5}|[-_](?:w|h|s|c|q)?\d{2,5}|[-_](?:small|medium|large|xlarge|big|"
    r"thumb(?:nail)?|original|scaled|retina))(?=[-_.]|$)",
    re.IGNORECASE,
)
EXTENSIONS = re.compile(r"(?:\.(?:jpe?g|png|gif|webp|avif|jfif|tiff?|bmp|heic))+$", re.IGNORECASE)
MIN_NAME = 5  # a shorter file name ("1.jpg", "image") names nothing: the folders around it do
# Images that are not the article's even inside its region: the author's portrait, logos, icons, share buttons.
NOT_ARTICLE_IMAGE = re.compile(
    r"avatar|author|byline|logo|icon|emoji|badge|share|social|sponsor|advert|profile", re.IGNORECASE
)
MIN_SIDE = 100  # pixels: a smaller declared image is an icon or a tracking pixel
# The site's own artwork by its address: a logo or an icon by its file name or folder ("print-header-logo.png",
# "/img/icons/user.svg", "/logos/"), a placeholder by its file name ("1x1.png", "blank.jpg"). Whole words of the path
# only: "mexiconewsdaily" and "instagram-logos-on-a-phone.jpg" name no logo, and "/1x1-256/" is a crop folder.
CHROME_WORDS = frozenset({"logo", "icon", "icons", "sprite", "svgsprite", "avatar", "avatars", "gravatar", "emoji"})
CHROME_FOLDERS = CHROME_WORDS | {"logos"}
PLACEHOLDER_NAMES = frozenset({"1x1", "blank", "spacer", "pixel", "placeholder", "transparent"})
PATH_WORDS = re.compile(r"[-_.]")


@dataclass
class Image:
    """One image of the article, with every URL the page gives for it."""

    url: str
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    width: int | None = None
    height: int | None = None
    lead: bool = False
    names: set[str] = field(default_factory=set)  # identities of every size version, for matching

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "caption": self.caption,
            "credit": self.credit,
            "alt": self.alt,
            "width": self.width,
            "height": self.height,
            "lead": self.lead,
        }

    @property
    def tiny(self) -> bool:
        """Declared smaller than MIN_SIDE on a side: an icon, an avatar, a logo or a teaser's thumbnail."""
        return _below_min_side(self.width, self.height)

    @property
    def chrome(self) -> bool:
        """The site's artwork by its address (CHROME_WORDS, PLACEHOLDER_NAMES), not a picture of the story."""
        segments = urlsplit(self.url).path.lower().split("/")
        name_words = set(PATH_WORDS.split(segments[-1]))
        folder_words = set(PATH_WORDS.split(segments[-2])) if len(segments) > 1 else set()
        return bool(name_words & (CHROME_WORDS | PLACEHOLDER_NAMES) or folder_words & CHROME_FOLDERS)

    def fill(self, other: Image) -> None:
        """Take what this entry lacks from another record of the same image."""
        self.caption = self.caption or other.caption
        self.credit = self.credit or other.credit
        self.alt = self.alt or other.alt
        self.width, self.height = self.width or other.width, self.height or other.height
        self.names |= other.names


def image_in(unit: html.HtmlElement, urljoin: Callable[[str], str | None]) -> Image | None:
    """The image a unit (an <img>, a <picture> or a figure) shows, at its largest size, with alt and size."""
    elements = [unit] if unit.tag in IMAGE_ELEMENTS else list(unit.iter(*IMAGE_ELEMENTS))
    candidates = [candidate for element in elements for candidate in _srcset(element)]
    plain = [value for element in elements if element.tag != "source" for value in _sources(element)]
    best = max(candidates, key=lambda candidate: candidate[1])[0] if candidates else None
    url = next(filter(None, map(urljoin, [best, *plain] if best else plain)), None)
    if url is None:
        return None
    image = next((element for element in elements if element.tag != "source"), None)
    # identities read the path only: relative URLs need no joining
    raw = [*(candidate[0] for candidate in candidates), *plain]
    entry = Image(url=url, names={name for name in map(identity, raw) if name})
    if image is not None:
        entry.alt = squash(image.get("alt", "")) or None
        entry.width, entry.height = _pixels(image.get("width")), _pixels(image.get("height"))
        entry.credit = _credit_in_attributes(image)
        entry.caption = _caption_in_attributes(image)
    return entry


def identity(url: str) -> str:
    """What stays the same across the size versions of one image: the file name without size tokens and
    extensions, with its folder when the name alone is too short to tell images apart."""
    segments = [segment for segment in urlsplit(url).path.lower().split("/") if segment]
    names: list[str] = []
    for segment in reversed(segments):
        name = SIZE_TOKENS.sub("", EXTENSIONS.sub("", segment))
        if name:
            names.insert(0, name)
        if len("".join(names)) >= MIN_NAME:
            break
    return "/".join(names)


def inline_images(region: html.HtmlElement, hidden: frozenset[html.HtmlElement]) -> list[html.HtmlElement]:
    """Images standing in the article's text outside any figure: the author's portrait, icons, pixels and
    images in pruned boilerplate left out."""
    found = []
    for image in region.iter("img", "amp-img"):
        if image in hidden or _tiny(image) or _not_article_image(image, region):
            continue
        found.append(image)
    return found


def reconcile(entries: Iterable[Image], declared: list[Image]) -> list[Image]:
    """One entry per image, completed from the metadata's record of it (`declared`: metadata_images); the
    metadata's lead image (or the first) marked and put first. Without images in the page, the metadata's
    images are the entries."""
    merged: list[Image] = []
    for entry in entries:
        same = next((seen for seen in merged if _same_image(seen, entry)), None)
        if same is not None:
            same.fill(entry)
        else:
            merged.append(entry)
    for record in declared:
        for entry in merged:
            if entry.names & record.names:
                entry.fill(record)
    images = merged or declared
    if not images:
        return []
    lead = next((entry for entry in images if declared and entry.names & declared[0].names), images[0])
    lead.lead = True
    return [lead, *(entry for entry in images if entry is not lead)][:MAX_IMAGES]


def _same_image(seen: Image, entry: Image) -> bool:
    """Two entries of the page show one image when their URLs name it alike and their captions do not
    differ: sites that name every file after the story ("…/a1b2/sizes/768/Cup final") tell images apart by
    their captions."""
    captions = {caption.casefold().strip(" .") for caption in (seen.caption, entry.caption) if caption}
    return bool(seen.names & entry.names) and len(captions) < 2


def metadata_images(metadata: Metadata, urljoin: Callable[[str], str | None]) -> list[Image]:
    """The images the article's JSON-LD names (with caption and credit), or else its og:image."""
    images = [
        image
        for image in map(
            lambda value: _declared_image(metadata, value, urljoin), as_list(metadata.article.get("image"))
        )
        if image is not None
    ]
    og_image = metadata.meta_first("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
    url = urljoin(og_image.strip()) if og_image and og_image.strip() else None
    if url and not images:
        caption, credit = split_credit(metadata.meta_first("og:image:alt", "twitter:image:alt"))
        images.append(Image(url=url, caption=caption, credit=credit, names={identity(url)} - {""}))
    return images


def _declared_image(metadata: Metadata, value: Any, urljoin: Callable[[str], str | None]) -> Image | None:
    node = metadata.resolve(value)
    node = node if isinstance(node, dict) else {"url": node}
    raw = node.get("url") or node.get("contentUrl")
    url = urljoin(raw.strip()) if isinstance(raw, str) and raw.strip() else None
    if url is None:
        return None
    credit = next(
        (
            text
            for key in ("creditText", "copyrightHolder", "author", "creator")
            if (text := text_of(metadata.resolve(node.get(key))))
        ),
        None,
    )
    caption, credit_in_caption = split_credit(text_of(node.get("caption")))
    return Image(
        url=url,
        caption=caption,
        credit=clean_credit(credit) or credit_in_caption,
        width=_pixels(text_of(node.get("width"))),
        height=_pixels(text_of(node.get("height"))),
        names={identity(url)} - {""},
    )


def _srcset(element: html.HtmlElement) -> list[tuple[str, float]]:
    """(URL, size) of each srcset candidate; widths rank above pixel densities."""
    value = next((element.get(name) for name in SRCSET_ATTRIBUTES if element.get(name)), "") or ""
    found = [
        (match["url"], float(match["size"]) * (1 if match["unit"] == "w" else 1e-3))
        for match in SRCSET_CANDIDATE.finditer(value)
        if not match["url"].startswith("data:")
    ]
    if not found and value.strip() and not value.strip().startswith("data:"):
        found = [(value.strip().split()[0].strip(","), 0.0)]
    return [(url, size) for url, size in found if not PLACEHOLDER.search(url)]


def _sources(element: html.HtmlElement) -> list[str]:
    values = (element.get(name, "").strip() for name in SRC_ATTRIBUTES)
    return [value for value in values if value and not value.startswith("data:") and not PLACEHOLDER.search(value)]


def _credit_in_attributes(image: html.HtmlElement) -> str | None:
    """A credit attribute of the image (whole: "Ana Lima / AFP" is one credit), or a credit its title or
    alt carries after a label or a copyright sign ("... | Bild: X")."""
    declared = clean_credit(image.get("data-credit") or image.get("data-copyright"))
    if declared:
        return declared
    for text in (image.get("title"), image.get("alt")):
        if text and text.strip():
            caption, credit = split_credit(text)
            if credit and (caption or LEADING_LABEL.match(text)):
                return credit
    return None


def _caption_in_attributes(image: html.HtmlElement) -> str | None:
    """A caption attribute of the image or of the link it opens."""
    holders = [image, *(parent for parent in [image.getparent()] if parent is not None and parent.tag == "a")]
    value = next((holder.get(name) for holder in holders for name in CAPTION_ATTRIBUTES if holder.get(name)), "")
    if "<" in value:
        value = html.fragment_fromstring(value, create_parent="div").text_content()
    return squash(value) or None


def _pixels(value: str | None) -> int | None:
    digits = (value or "").strip().removesuffix("px")
    return int(digits) if digits.isdigit() and 0 < int(digits) < 100_000 else None


def _tiny(image: html.HtmlElement) -> bool:
    return _below_min_side(_pixels(image.get("width")), _pixels(image.get("height")))


def _below_min_side(*sides: int | None) -> bool:
    return any(side is not None and side < MIN_SIDE for side in sides)


def _not_article_image(image: html.HtmlElement, region: html.HtmlElement) -> bool:
    for element in (image, *image.iterancestors()):
        if NOT_ARTICLE_IMAGE.search(f"{element.get('class', '')} {element.get('id', '')}"):
            return True
        if element is region:
            break
    return False
