"""Publication and modification dates: metadata first, then <time> markup, the URL and the printed dateline."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from lxml import etree, html

from newsspider.datetext import clock_after, parse_date_text, relative_date, unix_time
from newsspider.extraction.comments import NOT_UNDER_COMMENTS
from newsspider.extraction.headline import HEADING_NEIGHBOURS, heading_texts, title_heading
from newsspider.extraction.structured import Metadata
from newsspider.text import parse_iso, squash

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "publish-date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "citation_publication_date",
    "article:published",
    "cxenseparse:recs:publishtime",
    "cxenseparse:publishtime",
)
# Generic "date" metas: CMSs fill them with the publication date, but also with the time the page was built,
# so a dated <time> element in the article is trusted more.
GENERIC_DATE_META = ("dc.date", "dcterms.date", "date")
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "article.updated",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
    "lastmod",
    "article:modified",
)
# Markup that says it holds the publication date, most specific first.
PUBLISHED_SELECTORS = (
    '//*[@itemprop="datePublished"]/@content | //*[@itemprop="datePublished"]/@datetime',
    "//time[@pubdate]/@datetime",
    '//time[contains(@class, "publish") or contains(@class, "posted") or contains(@class, "entry-date")]/@datetime',
    '//abbr[contains(@class, "published")]/@title',  # hAtom: <abbr class="published" title="2024-03-02T...">
)
# Any <time> outside the comments: the article's date, though it does not say which one. (Not //article//time,
# which reads the page once per nested <article>.)
TIME_SELECTORS = (f"//time[ancestor::article]{NOT_UNDER_COMMENTS}/@datetime", f"//time{NOT_UNDER_COMMENTS}/@datetime")
# Leaf elements whose class names a date, read as text.
DATE_CLASS_SELECTORS = (
    '//*[contains(@class, "publish") or contains(@class, "dateline") or contains(@class, "post-date")'
    ' or contains(@class, "entry-date") or contains(@class, "article-date")][not(*[*])]',
)
MODIFIED_SELECTORS = (
    '//*[@itemprop="dateModified"]/@content | //*[@itemprop="dateModified"]/@datetime',
    '//time[contains(@class, "update") or contains(@class, "modified")]/@datetime',
)
# Unix timestamps that scripts format for the reader ("<span data-timestamp="1714652400000">"), inside the
# <article>: elsewhere they date sidebar teasers and tickers.
TIMESTAMP_ATTRIBUTES = ("data-timestamp", "data-time", "data-date", "data-published", "data-publish-date")
# Read inside each outermost <article> (an ancestor:: test per element costs time in proportion to depth).
DATA_TIMESTAMPS = etree.XPath(" | ".join(f".//*[@{name}]{NOT_UNDER_COMMENTS}/@{name}" for name in TIMESTAMP_ATTRIBUTES))
# Dates of other schema.org nodes (a Recipe, a VideoObject...) when the article node has none.
NODE_DATE_KEYS = ("datePublished", "uploadDate", "dateCreated")
URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)")

# The printed dateline: the text around the headline, read up to these many characters.
BEFORE_HEADING = 80  # a date above the headline ("Kultur, 2.11.22") sits right before it
AFTER_HEADING = 1200  # long enough for a standfirst, short enough to stay out of the article text
DATELINE_NODE = 120  # a dateline is a short text of its own; a longer text is a paragraph
VISIBLE_TEXT = "//body//text()[not(ancestor::script)][not(ancestor::style)]"
# Words that announce the publication date ("Veröffentlicht am 16.08.2019"), anywhere on the page.
DATE_LABEL = (
    r"(?:published|posted|publié|mise\s+en\s+ligne|publicado|pubblicato|veröffentlicht|erschienen|"
    r"erstellt|datum|date|fecha)\b(?:\s+(?:on|le|am|el|il))?\s*:?\s*"
)
# Numeric and spelled-out dates; the month of a spelled-out one is checked by dateparser.
PRINTED_DATE = re.compile(
    r"""(?<![\d.,/–-])(?:
        (?P<iso>(?:19|20)\d{2}-\d{1,2}-\d{1,2})                          # 2021-04-14
      | (?P<dotted>\d{1,2}\.\s?\d{1,2}\.\s?(?:(?:19|20)\d{2}|\d{2}))       # 14.04.2021, 14.4.21
      | (?P<slashed>\d{1,2}[/-]\d{1,2}[/-](?:19|20)\d{2})                   # 14/04/2021 or 04/14/2021
      | (?P<day_first>\d{1,2}\.?\s?(?:de\s+)?[^\W\d_]{3,12}\.?,?\s+(?:de\s+)?(?:19|20)\d{2})  # 14. April 2021
      | (?P<month_first>[^\W\d_]{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2})      # April 14, 2021
    )(?![\d.]\d)""",
    re.VERBOSE | re.IGNORECASE,
)
# Dates right after these words are not the publication's: a user's sign-up, an update.
OTHER_DATE_LABEL = re.compile(
    r"(?<![\w-])(?:registriert|joined|member\s+since|mitglied\s+seit|aktualisiert|updated?|geändert|modified|"
    r"letzte\s+änderung|mis\s+à\s+jour|actualizado)\W{0,3}(?:am|on|le|el)?\W{0,3}$",
    re.IGNORECASE,
)
LABELLED_DATE = re.compile(rf"\b{DATE_LABEL}(?=\S)", re.IGNORECASE)
# Words that announce the last update near the headline ("Updated March 5, 2024", "Aktualisiert am 5.3.2024").
UPDATE_LABEL = re.compile(
    r"(?<![\w-])(?:last\s+)?(?:updated?|aktualisiert|geändert|mis\s+à\s+jour|actualizado|aggiornato|bijgewerkt)"
    r"\W{0,3}(?:(?:on|am|le|el|il|op)\s+)?",
    re.IGNORECASE,
)
CLOCK_REACH = 25  # characters after a printed day searched for its time
MIN_YEAR = 1990  # a printed date before the web is a date in the text, not the page's
MONTH_FIRST_LANGUAGES = ("en-us", "en")  # 04/14/2021; other languages print 14/04/2021


def published_candidates(
    metadata: Metadata,
    root: html.HtmlElement,
    url: str,
    *,
    language: str | None = None,
    title: str | None = None,
    fetched_at: datetime | None = None,
) -> list[str | Callable[[], str | None] | None]:
    """Where the publication date may be, most trusted first; markup is only searched when needed."""
    declared: list[str | None] = [
        _jsonld(metadata, "datePublished") or _jsonld(metadata, "dateCreated"),
        metadata.meta_first(*PUBLISHED_META),
    ]
    first = next((value for value in declared if value), None)
    markup: list[str | Callable[[], str | None] | None] = [partial(_first_markup, root, PUBLISHED_SELECTORS)]
    if first is not None and _is_utc(first):  # the page may print the same instant in its own time zone
        printed = [_first_markup(root, selectors) for selectors in (PUBLISHED_SELECTORS, TIME_SELECTORS)]
        declared, markup = prefer_local_time([*declared, *printed]), []
    return [
        *declared,
        *markup,
        partial(_first_markup, root, TIME_SELECTORS),
        metadata.meta_first(*GENERIC_DATE_META),
        partial(_first_markup, root, DATE_CLASS_SELECTORS),
        url_date(url),
        partial(_node_date, metadata),
        partial(printed_dateline, root, language, title),
        partial(_data_timestamp, root),
        partial(relative_dateline, root, title, fetched_at) if fetched_at else None,
        partial(htmldate_day, root, url),
    ]


def htmldate_day(root: html.HtmlElement, url: str) -> str | None:
    """htmldate's reading of the publication day, the last resort: measured on the dev corpora, it finds
    dates that our sources miss, and ours are right more often where both find one."""
    from htmldate import find_date  # imported late: only pages without any other date need it

    try:  # on a copy: htmldate cleans the tree it is given
        return find_date(copy.deepcopy(root), url=url or None, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return None


def modified_candidates(
    metadata: Metadata, root: html.HtmlElement, *, language: str | None = None, title: str | None = None
) -> list[str | Callable[[], str | None] | None]:
    """Where the modification date may be, most trusted first."""
    return [
        _jsonld(metadata, "dateModified"),
        metadata.meta_first(*MODIFIED_META),
        partial(_first_markup, root, MODIFIED_SELECTORS),
        partial(printed_update, root, language, title),
    ]


def _is_utc(value: str) -> bool:
    moment = _aware(value)
    return moment is not None and not moment.utcoffset()


def url_date(url: str) -> str | None:
    """A /2024/03/02/ date in the article URL."""
    match = URL_DATE.search(url)
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else None


def prefer_local_time(values: list[str | None]) -> list[str | None]:
    """Put first the first value's instant in the publisher's own time zone, the offset of the nearest value
    that gives one: the same instant printed, or a comment's or an update's time on the same page.

    The site prints its local date, and the UTC form of an evening timestamp falls on the next day:
    "2022-05-03T23:37:37-04:00" beats "2022-05-04T03:37:37+00:00".
    """
    given = [value for value in values if value]
    first = _aware(given[0]) if given else None
    if first is None or first.utcoffset():
        return values
    zoned = [(value, moment) for value in given[1:] if (moment := _aware(value)) and moment.utcoffset()]
    if not zoned:
        return values
    # the nearest in time: a time half a year away may be in summer time when the first is not
    value, nearest = min(zoned, key=lambda pair: abs((pair[1] - first).total_seconds()))
    if abs((nearest - first).total_seconds()) < 60:  # the same instant, printed: it may give the seconds
        return [value, *values]
    return [first.astimezone(nearest.tzinfo).isoformat(), *values]


def printed_dateline(root: html.HtmlElement, language: str | None, title: str | None) -> str | None:
    """The date printed near the headline, else one printed after a label such as "Published on"."""
    around = _around_heading(root, title)
    if around is not None:
        before, after = around
        found = _first_date(before, language, last=True) or _first_date(after, language)
        if found:
            return found
    labelled = _date_after_label(LABELLED_DATE, squash(" ".join(root.xpath(VISIBLE_TEXT))), language)
    return labelled[0] if labelled else None


def printed_update(root: html.HtmlElement, language: str | None, title: str | None) -> str | None:
    """The date printed after an update label near the headline ("Updated March 5, 2024 · Published ...")."""
    around = _around_heading(root, title)
    text = " ".join(around) if around is not None else ""
    found = _date_after_label(UPDATE_LABEL, text, language)
    return _with_clock(found[0], text[found[1] : found[1] + CLOCK_REACH]) if found else None


def _date_after_label(labels: re.Pattern[str], text: str, language: str | None) -> tuple[str, int] | None:
    """The first valid date printed right after one of the labels, and where it ends in the text."""
    for label in labels.finditer(text):
        match = PRINTED_DATE.match(text, label.end())
        found = _parse_match(match, language) if match else None
        if match and found:
            return found, match.end()
    return None


def _around_heading(root: html.HtmlElement, title: str | None) -> tuple[str, str] | None:
    """The text just before the headline, and the headline with the short texts after it."""
    heading = title_heading(root, title)
    if heading is None:
        return None
    before = " ".join(heading_texts(heading, "preceding", 6))[-BEFORE_HEADING:]
    # a date inside a paragraph is part of the story, unless the paragraph opens with it ("Berlin, 2.3.2021 - ...")
    following = (
        text if len(text) <= DATELINE_NODE else text[: DATELINE_NODE // 2]
        for text in heading_texts(heading, "following", 60)
    )
    return before, " ".join([heading.text_content(), *following])[:AFTER_HEADING]


def relative_dateline(root: html.HtmlElement, title: str | None, fetched_at: datetime) -> str | None:
    """A date printed relative to the visit near the headline ("2 hours ago", "vor 3 Stunden"), counted back
    from the time the page was fetched."""
    heading = title_heading(root, title)
    if heading is None:
        return None
    texts = [text for text in heading_texts(heading, "following", HEADING_NEIGHBOURS) if len(text) <= DATELINE_NODE]
    found = next(filter(None, (relative_date(text, fetched_at) for text in texts)), None)
    return found.isoformat() if found is not None else None


def _data_timestamp(root: html.HtmlElement) -> str | None:
    """A Unix timestamp (seconds or milliseconds) in a data attribute that names a date."""
    outermost = (article for article in root.iter("article") if next(article.iterancestors("article"), None) is None)
    for article in outermost:
        for value in DATA_TIMESTAMPS(article)[:5]:
            moment = unix_time(str(value))
            if moment is not None:
                return moment.isoformat()
    return None


def _first_date(text: str, language: str | None, *, last: bool = False) -> str | None:
    """The first (or last) valid date printed in the text, skipping sign-up and update dates."""
    matches = list(PRINTED_DATE.finditer(text))
    for match in reversed(matches) if last else matches:
        if OTHER_DATE_LABEL.search(text, max(0, match.start() - 30), match.start()):
            continue
        found = _parse_match(match, language)
        if found:
            return _with_clock(found, text[match.end() : match.end() + CLOCK_REACH])
    return None


def _with_clock(day: str, following: str) -> str:
    """The day with the time printed right after it ("04.03.2024, 14:05 Uhr"), as local time (no offset)."""
    clock = clock_after(following)
    return f"{day}T{clock.isoformat()}" if clock is not None else day


def _parse_match(match: re.Match[str], language: str | None) -> str | None:
    kind, text = match.lastgroup, match.group(0)
    if kind == "iso":
        parts = [int(part) for part in text.split("-")]
    elif kind == "dotted":
        day, month, year = (int(part) for part in re.split(r"\.\s?", text))
        parts = [_full_year(year), month, day]
    elif kind == "slashed":
        first, second, year = (int(part) for part in re.split(r"[/-]", text))
        month_first = (language or "").lower().replace("_", "-") in MONTH_FIRST_LANGUAGES
        parts = [year, first, second] if month_first else [year, second, first]
    else:
        return _spelled_date(text, language)
    return _valid(*parts)


def _spelled_date(text: str, language: str | None) -> str | None:
    """A date with the month in words: the common spellings by pattern, the rest by dateparser in the page's
    language (and English)."""
    common = parse_date_text(text)
    if common is not None:
        return _valid(common.year, common.month, common.day)
    parsed = _date_parser((language or "").split("-")[0].split("_")[0].lower()).get_date_data(text).date_obj
    if parsed is None or parsed.day not in {int(number) for number in re.findall(r"\d+", text)}:  # "Sieben 12 2019"
        return None
    return _valid(parsed.year, parsed.month, parsed.day)


@lru_cache(maxsize=64)
def _date_parser(language: str) -> DateDataParser:
    """One parser per page language: building one loads dateparser's language data, the slow part of a parse."""
    from dateparser.date import DateDataParser  # imported late: dateparser is slow to load

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True}
    try:
        return DateDataParser(languages=list(dict.fromkeys([language, "en"])) if language else None, settings=settings)
    except ValueError:  # a language dateparser does not know: let it detect the language
        return DateDataParser(settings=settings)


def _full_year(year: int) -> int:
    """ "21" is 2021, "98" is 1998: the latest century that does not put the year in the future."""
    if year >= 100:
        return year
    return year + 2000 if year + 2000 <= date.today().year else year + 1900


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found.isoformat() if found.year >= MIN_YEAR else None


def _aware(value: str) -> datetime | None:
    parsed = parse_iso(value)
    return parsed if isinstance(parsed, datetime) and parsed.tzinfo else None


def _jsonld(metadata: Metadata, key: str) -> str | None:
    value = metadata.article.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _node_date(metadata: Metadata) -> str | None:
    for node in metadata.nodes:
        for key in NODE_DATE_KEYS:
            if isinstance(node.get(key), str):
                return str(node[key])
    return None


def _first_markup(root: html.HtmlElement, selectors: tuple[str, ...]) -> str | None:
    for selector in selectors:
        for found in root.xpath(selector)[:3]:
            text = found if isinstance(found, str) else found.text_content()
            text = squash(str(text))
            if text and re.search(r"\d", text) and len(text) < 80:
                return text
    return None
