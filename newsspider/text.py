"""Text helpers every layer shares: whitespace squashed, bare URLs, mojibake repaired, ISO dates read and
compared (one copy each)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import ftfy

UNPADDED_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")  # 2022-1-26, as some CMSes write it
COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")  # +0200 -> +02:00, as the loader's reader wrote it
BARE_URL = re.compile(r"(?:https?://|www\.)\S+")  # a URL printed as text: a whole line or caption is one
# Characters that only guide the layout, never printed: soft hyphens (German sites hyphenate long words with
# them: "Bundes\u00adregierung"), zero-width spaces, word joiners and byte-order marks. Left in, they split a
# word in two for every reader of the text. Zero-width joiners stay: emoji and Indic and Persian words need them.
INVISIBLE = str.maketrans("", "", "\u00ad\u200b\u2060\ufeff")
# UTF-8 read as Latin-1 or cp1252 and written out again (mojibake): a right quote (U+2019) printed as "â" and two
# C1 controls (which no text holds) or as "â€™", "é" as "Ã©", a no-break space as "Â ". Cheap tests, one
# pattern each (an alternation of character classes is four times slower on a large page), so that ftfy only
# reads the pages it may mend.
MOJIBAKE_LETTERS = re.compile("[\u0080-\u009f\u00c2\u00c3\u20ac]")  # one scan: most pages have none of them
C1_CONTROL = re.compile("[\u0080-\u009f]")
LATIN1_PAIR = re.compile("[\u00c2\u00c3][\u00a0-\u00bf\u0152-\u2122]")  # "Ã©", "Â©", cp1252's "ÃŸ" for "ß"
CP1252_QUOTE = "\u00e2\u20ac"
CP1252_PATTERN = re.compile(CP1252_QUOTE)
WORD_BOUNDARIES = frozenset(" \t\r\n<>\"'=")  # around a mangled word: spaces, markup, an attribute's quotes
MOJIBAKE_WORD = 40  # characters a mangled word reaches at most on each side of its sign


def squash(text: str) -> str:
    """Runs of whitespace as one space, none at the ends, and no INVISIBLE characters."""
    return " ".join(text.translate(INVISIBLE).split())


def without_mojibake(text: str) -> str:
    """The text (a page's HTML, or plain text) with its double-encoded words decoded ("cafÃ©" -> "café"), else as
    it is. Each word is mended on its own: ftfy reads a large page in a tenth of a second, and its few words in
    a millisecond."""
    if not _has_mojibake(text):
        return text
    pieces, done = [], 0
    for start, end in _suspect_words(text):
        pieces += [text[done:start], ftfy.fix_encoding(text[start:end])]
        done = end
    return "".join([*pieces, text[done:]])


def _has_mojibake(text: str) -> bool:
    if MOJIBAKE_LETTERS.search(text) is None:
        return False
    return CP1252_QUOTE in text or bool(C1_CONTROL.search(text) or LATIN1_PAIR.search(text))


def _suspect_words(text: str) -> list[tuple[int, int]]:
    """The spans of the words around each mojibake sign, in order, overlapping ones merged."""
    signs = [match.span() for pattern in (C1_CONTROL, LATIN1_PAIR, CP1252_PATTERN) for match in pattern.finditer(text)]
    words: list[tuple[int, int]] = []
    for sign_start, sign_end in sorted(signs):
        start, end = _word_edge(text, sign_start, -1), _word_edge(text, sign_end, 1)
        if words and start <= words[-1][1]:
            start, end = words[-1][0], max(end, words[-1][1])
            words.pop()
        words.append((start, end))
    return words


def _word_edge(text: str, index: int, step: int) -> int:
    """Where the word at `index` ends going `step`-wards: at a space, a quote or a tag's bracket, at most
    MOJIBAKE_WORD characters away (a minified script is one long word)."""
    for _ in range(MOJIBAKE_WORD):
        following = index if step > 0 else index - 1
        if not 0 <= following < len(text) or text[following] in WORD_BOUNDARIES:
            break
        index += step
    return index


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
