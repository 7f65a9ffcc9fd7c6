"""Small pure processors for ArticleLoader: one value in, one cleaned value (or None to drop it) out."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from w3lib.html import remove_tags, replace_entities
from w3lib.url import safe_url_string

from newsspider.datetext import parse_date_text
from newsspider.extraction.credits import AGENCY
from newsspider.text import parse_iso
from newsspider.urls import FETCHABLE_PREFIXES

WHITESPACE = re.compile(r"[\s\u00a0\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
# "By", "Written by", "Von" ... in the languages the corpora and users meet most.
BYLINE_PREFIX = re.compile(
    r"^\s*(?:"
    r"(?:view|see|show)\s+all\s+(?:posts|articles|stories)\s+by|(?:zeige\s+)?alle\s+(?:beiträge|artikel)\s+von|"
    r"(?:alles|mehr|articles?|posts?|a\s+note)\s+(?:von|by|from|de|par)|"  # links to the author's other pages
    r"(?:written|posted|submitted|words|reporting|text|story|photos?|published|updated|created)"
    r"(?:\s+on\s+.{1,40}?)?\s+by|"  # "Posted on September 21, 2020 by"
    r"(?:(?:ein|blog)\s+)?(?:geschrieben|gespeichert|veröffentlicht|verfasst|erstellt|eingestellt|beitrag|artikel|"
    r"text(?:\s*(?:&|und)\s*fotos?)?|interview)\s*(?:von|:)|"  # German labels: "Gespeichert von", "Text & Fotos:"
    r"(?:publié|écrit|rédigé|publicado|escrito|pubblicato|scritto)\s+(?:par|por|da)|"
    r"by|von|par|por|di|door|av|af|de|texto|text|autor(?:in|en)?|authors?|auteur|reporter)(?:(?<=:)|\b)\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
# Everything from these words on is a date or a status, not a name.
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
BYLINE_TAIL = re.compile(
    rf"""\s*(?:
        [|•·]                                    # a separator before the date or reading time
      | \b\d+\s*min(?:ute)?s?\s+read\b          # "4 min read"
      | \b{MONTH}\s+\d{{1,2}}\b.*$                # "Mar 5, 2024"
      | (?-i:(?:January|February|March|April|May|June|July|August|September|October|November|December)
        \s+\d{{1,2}}\b.*$)                        # "...OkaforJanuary 18": a date glued to the name
      | \b\d{{1,2}}\.?\s+{MONTH}(?:\s|$).*$       # "6 March"
      | \b(?:updated|published|posted|last\ modified|aktualisiert|veröffentlicht|on|am|le|el)\b
        \s*[\d:,.A-Za-z\ ]*\d.*$                 # "Updated 3:45 p.m. March 3", "on Thu, 03/07/2024"
      | (?<=[^\W\d_])\d{{1,2}}\.\s.*$               # "Nicole Collignon22. Februar": a date glued to the name
      | ,?\s*\b(?:datum|date|fecha)\s*:.*$           # "Author: Jane Doe, Datum: 03.Mär.19"
      | \b(?:alle|all|mehr|more)\s+(?:artikel|beiträge|posts|articles|stories)\b.*$  # a link to the author's page
      | \s(?:alles|mehr|more)\s+(?:von|by|from)\s.*$  # "Jane Doe Alles von Jane Doe": the same link
      | \s[-–—]\s.*$                              # "Jane Doe - Chrome Security team": a note after a dash
      | \b\d{{1,2}}[:./]\d{{2}}.*$                 # a time or a numeric date
      | \b(?:19|20)\d{{2}}\b.*$                    # a year
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A free-text date must name its year: a four-digit one, or two digits closing a numeric date (24.12.21).
HAS_YEAR = re.compile(r"(?<!\d)(?:1[89]|2\d)\d{2}(?!\d)|\b\d{1,2}[./-]\d{1,2}[./-]\d{2}\b")
DOTTED_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
# "e" is Italian/Portuguese "and", but not the "e." of "e.V.".
NAME_SEPARATORS = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b(?!\.)|\ben\b|\bog\b|\bwith\b)\s*",
                             re.IGNORECASE)
MAX_TAG = 80
# A CMS's label before the keyword ("Category: Life", "NLP Category: Politics").
TAG_LABEL = re.compile(r"^(?:\w+\s){0,2}?\w+:\s+(?=\S)")
DOMAIN_NAME = re.compile(r"(?:[a-z0-9-]+\.)+(?:com|net|org|de|at|ch|fr|es|it|eu|info|io|co|uk|ca|au|nl|be)")
ID_LIKE = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-|^[0-9a-f]{16,}$", re.IGNORECASE)
AGENCY_AT_END = re.compile(AGENCY.pattern + r"\W*$")
ROLE_WORDS = frozenset("""
    staff writer writers reporter reporters correspondent correspondents editor editors columnist
    contributor contributors journalist journalists photographer photographers producer analyst chief
    senior bureau desk team newsroom redaktion redakteur admin administrator webmaster guest associated
    press agency wire staffs opinion news online digital the
""".split())
# Words of organisation names: an author holding one is a company, an association or a desk, not a person.
ORGANISATION_WORDS = frozenset("""
    gmbh ag e.v. ev inc ltd llc corp plc srl verlag verband bundesverband stiftung gesellschaft verein
    institut abteilung ministerium agentur agencia agence agency redacción redaccion redazione rédaction presse
    zeitung foundation company group gruppe webteam
""".split())
# A login name: one word, maybe with digits, dots or underscores ("c1ph4", "Herr_Rein", "fri.juli").
HANDLE = re.compile(r"[^\W_][\w.\-]{1,29}", re.UNICODE)
# A lower-case letter followed by a capital inside a word: once is a name ("McDonald"), more is text run together.
GLUED_WORDS = re.compile(r"[a-zß-ÿ][A-ZÀ-Þ]")
WEB_ADDRESS = re.compile(r"https?:|www\.|\.(?:com|net|org|de|at|ch|fr|es|it|eu|info|io|co|uk)$", re.IGNORECASE)
NAME_PARTICLES = frozenset("""
    van von de da del der den la le bin al ibn di du dos das ter ten zu y
""".split())


def clean_text(value: Any) -> str | None:
    """Decode entities, drop markup and collapse whitespace; None for an empty result."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value)
    if "<" in text:
        text = remove_tags(text)
    text = WHITESPACE.sub(" ", replace_entities(text)).strip()
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


def printed_byline(value: Any) -> str | None:
    """A byline as printed ("By Jane Doe"), without the date, reading time or status after it."""
    text = clean_text(value)
    if not text:
        return None
    words = BYLINE_TAIL.sub("", text).strip(" ,;:-–—|").split()
    # "... and Mary Major Staff writers"; but "By Associated Press" names the agency that wrote it
    while words and words[-1].lower().strip(".,") in ROLE_WORDS and not AGENCY_AT_END.search(" ".join(words)):
        words.pop()
    return " ".join(words).strip(" ,;:-–—|") or None


def tag_text(value: Any) -> str | None:
    """A tag as readers see it: "Category: Life" -> "Life"; ids and domain names that CMSs put among the
    keywords ("8ae9ab2d-fe1b-...", "example.com") are no tags."""
    text = clean_text(value)
    if not text or len(text) > MAX_TAG or ID_LIKE.search(text) or DOMAIN_NAME.fullmatch(text):
        return None
    return TAG_LABEL.sub("", text).strip() or None


def strip_byline(value: Any) -> str | None:
    """Reduce a printed byline to its names: no "By", no date or "Updated" tail."""
    text = clean_text(value)
    if not text:
        return None
    text = BYLINE_TAIL.sub("", BYLINE_PREFIX.sub("", text.lstrip(" ~-–—")))  # "~ Jane Doe", "-- by Jane Doe"
    return text.strip(" ,;:-–—|") or None


def split_names(value: Any) -> list[str]:
    """Split "A, B and C" into its names, dropping roles.

    In a list of several, a single word is a place, a desk or half of a company name ("Kirche und Leben,
    Münster"), not a person; a single word alone may be a login or pen name.
    """
    text = strip_byline(value)
    if not text:
        return []
    parts = [part for part in map(strip_byline, NAME_SEPARATORS.split(text)) if part]
    names = [part for part in parts if person_name(part)]
    return names if len(parts) == 1 else [name for name in names if " " in name]


def person_name(value: Any) -> str | None:
    """Keep a value that looks like a person's name: a few capitalised words or one login name; no roles,
    organisations, digits or e-mail."""
    text = clean_text(value)
    if not text or len(text) > 60 or re.search(r"[@<>{}=#:]", text) or WEB_ADDRESS.search(text):
        return None
    words = text.split()
    if not 1 <= len(words) <= 5 or any(_is_role_word(word) for word in words):
        return None
    if len(words) == 1:
        # a login name may be lower case or hold digits, but a lone capitalised acronym is an agency ("AFP")
        # and up to three lower-case letters are an editor's initials ("red", "cpm")
        initials = len(text) <= 3 and text.isalpha() and text.islower()
        if initials or text.isupper() or not HANDLE.fullmatch(text) or not re.search(r"[^\W\d_]", text):
            return None
        return text
    if re.search(r"[\d_]", text) or not all(_looks_like_name_word(word) for word in words):
        return None
    if any(len(GLUED_WORDS.findall(word)) > 1 for word in words):  # "HoeltmannFollowTransformations..."
        return None
    if any(len(word) > 4 and word.endswith(".") for word in words[:-1]):  # a sentence, not "Dr." or "J."
        return None
    acronym = len(words[0]) > 1 and words[0].isalpha() and words[0].isupper()
    if acronym and not text.isupper():  # "EFC Bayrische Bembel", "BBC News": an organisation
        return None
    return text


def _is_role_word(word: str) -> bool:
    """A role or an organisation word; "e.V." keeps its inner dots, "Inc." loses the last one."""
    bare = word.lower().strip(",;:()")
    return bare.strip(".") in ROLE_WORDS or bare in ORGANISATION_WORDS or bare.strip(".") in ORGANISATION_WORDS


def _looks_like_name_word(word: str) -> bool:
    first = word.lstrip("'\"(")[:1]
    return bool(first) and (word.lower() in NAME_PARTICLES or (first.isalpha() and not first.islower()))


def _parse_free_text(text: str) -> datetime | date | None:
    import dateparser  # imported late: it is slow to load and rarely needed

    if len(text) > 80 or not HAS_YEAR.search(text):  # dateparser would fill a missing year with this year's
        return None
    common = parse_date_text(text)  # the usual spellings, without dateparser's slow language detection
    if common is not None:
        return common
    settings: dict[str, Any] = {"RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False,
                                "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}
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
