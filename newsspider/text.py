"""Text helpers every layer shares: whitespace squashed, bare URLs, mojibake repaired, ISO dates read and
compared (one copy each)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import ftfy

UNPADDED_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")  # 2022-1-26, as some CMSes write it
COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")  # +0200 -> +02:00, as the loader's reader wrote it
BARE_URL = re.compile(r"(?:https?://|www\.)\S+")  # a URL printed as text: a whole line or caption is one
# UTF-8 read as Latin-1 or cp1252 and written out again (mojibake): a right quote (U+2019) printed as "â" and two
# C1 controls (which no text holds) or as "â€™", "é" as "Ã©". Cheap tests, one pattern each (an alternation of
# character classes is four times slower on a large page), so that ftfy only reads the pages it may mend.
C1_CONTROL = re.compile("[\u0080-\u009f]")
LATIN1_PAIR = re.compile("\u00c3[\u00a0-\u00bf]")
CP1252_QUOTE = "\u00e2\u20ac"


def squash(text: str) -> str:
    """Runs of whitespace as one space, none at the ends."""
    return " ".join(text.split())


def without_mojibake(text: str) -> str:
    """The text with its double-encoded stretches decoded ("Ã©" -> "é"), else as it is."""
    suspect = CP1252_QUOTE in text or LATIN1_PAIR.search(text) or C1_CONTROL.search(text)
    return ftfy.fix_encoding(text) if suspect else text


def parse_iso(text: str) -> datetime | date | None:
    """An ISO 8601 date or datetime as pages write it (a space for the T, an unpadded month, "Z", +0200)."""
    candidate = text.strip().replace("Z", "+00:00").replace(" ", "T", 1)
    candidate = UNPADDED_DATE.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", candidate)
    candidate = COMPACT_OFFSET.sub(r"\1:\2", candidate)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", candidate):
            return date.fromisoformat(candidate)
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def iso_moment(value: str) -> datetime:
    """An ISO date or datetime as an aware datetime (midnight, UTC, when it gives no more); ValueError if
    it is none."""
    parsed = parse_iso(value)
    if parsed is None:
        raise ValueError(f"not an ISO date: {value!r}")
    moment = parsed if isinstance(parsed, datetime) else datetime(parsed.year, parsed.month, parsed.day)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_newer(value: str, than: str) -> bool:
    """Whether one ISO date(time) is later than another, whatever their precision."""
    return iso_moment(value) > iso_moment(than)
