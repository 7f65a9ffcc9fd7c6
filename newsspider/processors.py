"""Small pure processors for ArticleLoader: one value in, one cleaned value (or None to drop it) out."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from w3lib.html import remove_tags, replace_entities
from w3lib.url import safe_url_string

from newsspider.datetext import parse_date_text
from newsspider.text import INVISIBLE, parse_iso
from newsspider.urls import FETCHABLE_PREFIXES

# Whitespace and control characters; the invisible ones (text.INVISIBLE) go before, zero-width joiners stay.
WHITESPACE = re.compile(r"[\s\u00a0\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
# A free-text date must name its year: a four-digit one, or two digits closing a numeric date (24.12.21).
HAS_YEAR = re.compile(r"(?<!\d)(?:1[89]|2\d)\d{2}(?!\d)|\b\d{1,2}[./-]\d{1,2}[./-]\d{2}\b")
DOTTED_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
# a template's label glued to the date ("PublishedFeb 2, 2023"): a word of neither language, so the patterns
# miss the month and dateparser tries every language it knows (about a second) before it gives up
GLUED_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
MAX_TAG = 80
MAX_SECTION = 60  # characters: a longer "section" is a sentence, a teaser or a keyword list
SECTION_LIST_MIN = 3  # parts: "Health, Science, World" lists sections; "Arts, Culture" may be one
LIST_SEPARATORS = re.compile(r"\s*[,;]\s*")
URL_STARTS = ("http://", "https://", "www.")
# A CMS's label before the keyword ("Category: Life", "NLP Category: Politics").
TAG_LABEL = re.compile(r"^(?:\w+\s){0,2}?\w+:\s+(?=\S)")
DOMAIN_NAME = re.compile(r"(?:[a-z0-9-]+\.)+(?:com|net|org|de|at|ch|fr|es|it|eu|info|io|co|uk|ca|au|nl|be)")
ID_LIKE = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-|^[0-9a-f]{16,}$", re.IGNORECASE)


def clean_text(value: Any) -> str | None:
    """Decode entities, drop markup and collapse whitespace; None for an empty result."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value)
    if "<" in text:
        text = remove_tags(text)
    text = WHITESPACE.sub(" ", replace_entities(text).translate(INVISIBLE)).strip()
    return text or None


def absolute_url(value: Any, loader_context: dict[str, Any]) -> str | None:
    """Resolve a URL against the page's base URL; None for non-web schemes."""
    text = clean_text(value)
    if not text or text.startswith(("javascript:", "data:", "mailto:", "tel:", "#")):
        return None
    response = loader_context.get("response")
    url = response.urljoin(text) if response is not None else text
    return safe_url_string(url) if url.startswith(FETCHABLE_PREFIXES) else None


def iso_datetime(value: Any) -> str | None:
    """Parse a date or datetime (ISO 8601 first, then free text) into the ISO form the schema allows."""
    if isinstance(value, datetime | date):
        return _format_datetime(value)
    text = clean_text(value)
    if not text or not re.search(r"\d", text):
        return None
    parsed = parse_iso(text) or _parse_free_text(text)
    return _format_datetime(parsed) if parsed is not None else None


def primary_language(value: Any) -> str | None:
    """Reduce a language tag ("en-GB", "de_DE") to its primary subtag in lower case."""
    text = clean_text(value)
    if not text:
        return None
    subtag = re.split(r"[-_\s,;]", text, maxsplit=1)[0].lower()
    return subtag if re.fullmatch(r"[a-z]{2,3}", subtag) else None


def section_text(value: Any) -> str | None:
    """A section as the site names it: the first of a list that CMSs put there ("Health, Science, World"),
    never a URL or a sentence."""
    text = clean_text(value)
    if not text or text.startswith(URL_STARTS):
        return None
    parts = [part for part in LIST_SEPARATORS.split(text) if part]
    text = parts[0] if len(parts) >= SECTION_LIST_MIN else text
    return text if len(text) <= MAX_SECTION else None


def tag_text(value: Any) -> str | None:
    """A tag as readers see it: "Category: Life" -> "Life"; ids, bare numbers, URLs and domain names that CMSs put
    among the keywords ("8ae9ab2d-fe1b-...", "105726154", "example.com") are no tags."""
    text = clean_text(value)
    if not text or len(text) > MAX_TAG or ID_LIKE.search(text) or DOMAIN_NAME.fullmatch(text):
        return None
    if text.isdigit() or text.startswith(URL_STARTS):  # "1&1" and "9/11" are topics, "2" and "105726154" not
        return None
    return TAG_LABEL.sub("", text).strip() or None


def _parse_free_text(text: str) -> datetime | date | None:
    import dateparser  # imported late: it is slow to load and rarely needed

    if len(text) > 80 or not HAS_YEAR.search(text):  # dateparser would fill a missing year with this year's
        return None
    text = GLUED_WORDS.sub(" ", text)
    common = parse_date_text(text)  # the usual spellings, without dateparser's slow language detection
    if common is not None:
        return common
    settings: dict[str, Any] = {
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    if DOTTED_DATE.search(text):  # 04.11.2021 is day first wherever dots are used
        settings["DATE_ORDER"] = "DMY"
    parsed = dateparser.parse(text, settings=settings)
    if parsed is None:
        return None
    clock = DOTTED_DATE.sub("", text)  # the "04.11" of a date is no time of day
    has_time = bool(re.search(r"\d{1,2}[:h.]\d{2}|\b\d{1,2}\s*[ap]\.?m\b", clock, re.IGNORECASE))
    return parsed if has_time or parsed.tzinfo else parsed.date()


def _format_datetime(value: datetime | date) -> str | None:
    if not isinstance(value, datetime):
        return value.isoformat() if 1900 <= value.year <= 2100 else None
    if not 1900 <= value.year <= 2100:
        return None
    return value.replace(microsecond=0).isoformat()
