"""What every discovery source gives: entries (a URL with its dates), and the crawl's date window."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsspider.processors import iso_datetime
from newsspider.text import iso_moment

SINCE = re.compile(r"^(?P<amount>\d+)\s*(?P<unit>[mhdw])$", re.IGNORECASE)
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
MAX_ENTRIES = 50_000  # the sitemap protocol's limit, applied to every source


@dataclass(frozen=True)
class Entry:
    """One URL a source announces, with what it says of its dates and title."""

    url: str
    lastmod: str | None = None  # ISO 8601
    published: str | None = None  # ISO 8601
    title: str | None = None
    reader: str | None = None  # the source that reads this URL (a child sitemap); None: an article page

    @property
    def is_sitemap(self) -> bool:
        return self.reader == "sitemap"

    @property
    def date(self) -> str | None:
        """The most recent date the entry gives."""
        dates = [value for value in (self.lastmod, self.published) if value]
        return max(dates, key=iso_moment) if dates else None


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """ "2d", "12h", "30m", "1w" before now, or an ISO date/datetime; raise ValueError otherwise."""
    now = now or datetime.now(UTC)
    relative = SINCE.match(value.strip())
    if relative:
        try:
            return now - timedelta(**{UNITS[relative["unit"].lower()]: int(relative["amount"])})
        except OverflowError as exc:  # 99999999999d: before the first year a date can hold
            raise ValueError(f"since={value!r}: too far back") from exc
    parsed = iso_datetime(value)
    if parsed is None:
        raise ValueError(f"since={value!r}: expected 2d, 12h, 1w or an ISO date")
    return iso_moment(parsed)


def is_older(entry_date: str | None, since: datetime | None) -> bool:
    """Whether a dated entry is older than the window; undated entries are never skipped."""
    if since is None or not entry_date:
        return False
    return iso_moment(entry_date) < since
