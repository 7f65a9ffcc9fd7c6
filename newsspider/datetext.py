"""Dates written out on pages ("Nov 20, 2019 10:02 AM EST", "20. Mai 2007", "22 de outubro de 2010 às
20:13"), read without dateparser: its language detection loads every locale it knows on first use, which
costs seconds per process. dateparser stays the fallback for what these patterns do not cover."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

MONTHS = {
    # English, German, French, Spanish, Italian, Portuguese, Dutch: full names and common abbreviations
    1: "january jan januar jänner janvier janv enero ene gennaio gen janeiro januari",
    2: "february feb februar février févr fevrier febrero febbraio fevereiro fev februari",
    3: "march mar märz mär mrz mars marzo março maart",
    4: "april apr avril abril aprile",
    5: "may mai mayo maggio maio mei",
    6: "june jun juni juin junio giugno junho",
    7: "july jul juli juillet juil julio luglio julho",
    8: "august aug août aout agosto augustus ago",
    9: "september sep sept septembre septiembre setiembre settembre setembro set",
    10: "october oct oktober okt octobre octubre ottobre outubro out",
    11: "november nov novembre noviembre novembro",
    12: "december dec dezember dez décembre déc decembre diciembre dic dicembre dezembro",
}
MONTH_NUMBER = {name: number for number, names in MONTHS.items() for name in names.split()}
MONTH = "(?P<month>" + "|".join(sorted(map(re.escape, MONTH_NUMBER), key=len, reverse=True)) + r")\.?"
# Offsets of the time-zone abbreviations that are not ambiguous (IST, ET and CST name several zones).
ZONE_OFFSETS = {
    "gmt": 0,
    "utc": 0,
    "z": 0,
    "wet": 0,
    "bst": 60,
    "cet": 60,
    "mez": 60,
    "cest": 120,
    "mesz": 120,
    "eet": 120,
    "eest": 180,
    "est": -300,
    "edt": -240,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
    "jst": 540,
    "kst": 540,
    "aest": 600,
    "aedt": 660,
}
ZONE = re.compile(r"\b(?P<zone>" + "|".join(ZONE_OFFSETS) + r")\b")
CLOCK = re.compile(
    r"(?<!\d)(?P<hour>\d{1,2})[:h.](?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<half>[ap])\.?\s?m\b\.?"
    r"|(?<!\d)(?P<hour24>\d{1,2})(?::|h|\.(?=\d{2}\s*(?:uhr|h\b|[a-z]{2,4}t\b)))(?P<minute24>\d{2})"
    r"(?::(?P<second24>\d{2}))?(?!\d)"  # 14:30, 14h30, and 14.30 when "Uhr" or a zone says it is a time
)
# What may stand between a printed day and its time.
CLOCK_GAP = re.compile(r"[\s,|·•/–-]*(?:(?:um|at|à|a\s+las|alle|om|kl\.?)\s+)?")
DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?" + MONTH + r",?\s+(?:de\s+)?(?P<year>\d{4})\b"
)
MONTH_DAY_YEAR = re.compile(r"\b" + MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b")
YEAR_FIRST = re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)")
DOTTED = re.compile(r"(?<!\d)(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?!\d)")
SLASHED = re.compile(r"(?<!\d)(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>\d{4})(?!\d)")


# "2 hours ago", "vor 3 Stunden", "il y a 5 minutes", "hace 2 días": units in seconds, by language.
RELATIVE_UNITS = {
    "minute": 60,
    "minutes": 60,
    "min": 60,
    "mins": 60,
    "minuten": 60,
    "minuto": 60,
    "minutos": 60,
    "hour": 3600,
    "hours": 3600,
    "hr": 3600,
    "hrs": 3600,
    "stunde": 3600,
    "stunden": 3600,
    "heure": 3600,
    "heures": 3600,
    "hora": 3600,
    "horas": 3600,
    "day": 86400,
    "days": 86400,
    "tag": 86400,
    "tagen": 86400,
    "jour": 86400,
    "jours": 86400,
    "día": 86400,
    "días": 86400,
    "dia": 86400,
    "dias": 86400,
    "week": 604800,
    "weeks": 604800,
    "woche": 604800,
    "wochen": 604800,
    "semaine": 604800,
    "semaines": 604800,
    "semana": 604800,
    "semanas": 604800,
}
UNIT = "(?P<unit>" + "|".join(sorted(map(re.escape, RELATIVE_UNITS), key=len, reverse=True)) + ")"
COUNT = r"(?P<count>\d{1,3}|an?|one|einer?|une?|un[ao]?)"  # "2", "an hour", "vor einer Stunde", "hace un día"
RELATIVE = (
    re.compile(rf"\b{COUNT}\s+{UNIT}\s+ago\b", re.IGNORECASE),  # English puts the word after
    re.compile(rf"\b(?:vor|il\s+y\s+a|hace|há)\s+{COUNT}\s+{UNIT}\b", re.IGNORECASE),  # the others before
)
DAY = 86400
# A dateline that opens with the day named relative to the visit, then a clock ("Yesterday, 10:15", "Gestern,
# 10:15 Uhr", "hier à 10h15"): days back from the fetch. The clock is required: alone, "hier" is German "here".
RELATIVE_DAYS = {"today": 0, "heute": 0, "aujourd'hui": 0, "hoy": 0, "yesterday": 1, "gestern": 1, "hier": 1, "ayer": 1}
RELATIVE_DAY = re.compile(
    r"^\s*(?P<day>" + "|".join(map(re.escape, RELATIVE_DAYS)) + r")\b[\s,]*(?:à|um|at|a\s+las)?\s*\d{1,2}[:.h]\d{2}",
    re.IGNORECASE,
)
# Unix time in seconds (10 digits) or milliseconds (13): the years 2001 to 2286.
UNIX_TIME = re.compile(r"^\s*(?P<seconds>[1-9]\d{9})(?P<millis>\d{3})?(?:\.\d+)?\s*$")


def relative_date(text: str, now: datetime) -> datetime | date | None:
    """The moment "2 hours ago" or "vor 3 Stunden" names, counted back from `now` (when the page was fetched);
    a count of days or weeks, or "Yesterday, 10:15", names a day only."""
    named_day = RELATIVE_DAY.match(text)
    if named_day is not None:
        return now.date() - timedelta(days=RELATIVE_DAYS[named_day["day"].casefold()])
    found = next(filter(None, (pattern.search(text) for pattern in RELATIVE)), None)
    if found is None:
        return None
    count = int(found["count"]) if found["count"].isdigit() else 1
    seconds = RELATIVE_UNITS[found["unit"].casefold()] * count
    moment = now - timedelta(seconds=seconds)
    return moment.date() if seconds >= DAY else moment.replace(second=0, microsecond=0)


def unix_time(text: str) -> datetime | None:
    """A Unix timestamp in seconds or milliseconds, as an aware UTC datetime."""
    found = UNIX_TIME.match(text)
    return datetime.fromtimestamp(int(found["seconds"]), tz=UTC) if found else None


def parse_date_text(text: str) -> datetime | date | None:
    """A date (with its time and offset when written) from short free text; None when unsure."""
    lowered = text.casefold()
    day = _calendar_day(lowered)
    if day is None:
        return None
    clock = _clock(CLOCK.search(_without_dates(lowered)))
    if clock is None:
        return day
    moment = datetime.combine(day, clock)
    zone = ZONE.search(lowered)
    return moment.replace(tzinfo=timezone(timedelta(minutes=ZONE_OFFSETS[zone["zone"]]))) if zone else moment


def _calendar_day(text: str) -> date | None:
    for pattern in (YEAR_FIRST, DOTTED, DAY_MONTH_YEAR, MONTH_DAY_YEAR):
        found = pattern.search(text)
        if found:
            month = found["month"]
            return _date(int(found["year"]), MONTH_NUMBER.get(month) or int(month), int(found["day"]))
    found = SLASHED.search(text)
    if found:  # 05/10/2022: day first or month first? Only a number over 12 says
        first, second = int(found["first"]), int(found["second"])
        if first > 12 >= second:
            return _date(int(found["year"]), second, first)
        if second > 12 >= first:
            return _date(int(found["year"]), first, second)
    return None


def _without_dates(text: str) -> str:
    """The text with its dates blanked, so that "20.05" of a date is never read as a time."""
    for pattern in (YEAR_FIRST, DOTTED, SLASHED, DAY_MONTH_YEAR, MONTH_DAY_YEAR):
        text = pattern.sub(" ", text)
    return text


def clock_after(text: str) -> time | None:
    """The time that opens the text after a printed day: ", 14:05 Uhr", " at 9:15 a.m.", " um 14.05 Uhr"."""
    lowered = text.casefold()
    gap = CLOCK_GAP.match(lowered)
    return _clock(CLOCK.match(lowered, gap.end())) if gap else None


def _clock(found: re.Match[str] | None) -> time | None:
    if found is None:
        return None
    if found["hour"] is not None:
        hour = int(found["hour"]) % 12 + (12 if found["half"] == "p" else 0)
        minute, second = int(found["minute"]), int(found["second"] or 0)
    else:
        hour, minute, second = int(found["hour24"]), int(found["minute24"]), int(found["second24"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
