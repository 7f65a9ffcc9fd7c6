"""Dates: ISO forms and written-out dates in several languages, and which date of a page is its publication date."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from newsspider import extract_article
from newsspider.datetext import parse_date_text, relative_date, unix_time
from newsspider.extraction.dates import url_date
from newsspider.processors import iso_datetime

STORY = """<h1>Council backs tram extension</h1>
<p>The city council voted to extend the tram line north, adding four stations, two depots and a bridge.</p>
<p>Work is due to start in the spring, the transport office said, and should take about three years.</p>"""
UNDATED_URL = "https://news.example.com/news/tram-extension"


def page(head: str = "", body: str = f"<article>{STORY}</article>") -> str:
    return (
        f'<!doctype html><html lang="en"><head><title>Council backs tram extension</title>{head}</head>'
        f"<body>{body}</body></html>"
    )


def published_at(document: str, url: str = UNDATED_URL) -> str | None:
    item = extract_article(document, url)
    assert item is not None
    return item["published_at"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("2024-03-02T09:30:00Z", "2024-03-02T09:30:00+00:00", id="z"),
        pytest.param("2024-03-02T09:30:00+0200", "2024-03-02T09:30:00+02:00", id="offset-without-colon"),
        pytest.param("2024-03-02T09:30:00-05:00", "2024-03-02T09:30:00-05:00", id="offset-with-colon"),
        pytest.param("2024-03-02T09:30:00.250Z", "2024-03-02T09:30:00+00:00", id="milliseconds-z"),
        pytest.param("2024-03-02T09:30:00.250+01:00", "2024-03-02T09:30:00+01:00", id="milliseconds-offset"),
        pytest.param("2024-03-02T09:30:00", "2024-03-02T09:30:00", id="no-offset"),
        pytest.param("2024-03-02", "2024-03-02", id="date-only"),
        pytest.param("2024-3-2", "2024-03-02", id="date-only-unpadded"),
    ],
)
def test_iso_forms(raw: str, expected: str) -> None:
    assert iso_datetime(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("March 2, 2024 9:30 AM EST", "2024-03-02T09:30:00-05:00", id="est"),
        pytest.param("Published 7:05 PM EDT Jul 4, 2023", "2023-07-04T19:05:00-04:00", id="edt-time-first"),
        pytest.param("2 Mar 2024 14:30 GMT", "2024-03-02T14:30:00+00:00", id="gmt"),
        pytest.param("4. Juni 2024, 14:30 Uhr MESZ", "2024-06-04T14:30:00+02:00", id="mesz"),
        pytest.param("Montag, 4. März 2024, 08:15 Uhr MEZ", "2024-03-04T08:15:00+01:00", id="mez"),
    ],
)
def test_time_zone_abbreviations(raw: str, expected: str) -> None:
    parsed = parse_date_text(raw)
    assert parsed is not None
    assert parsed.isoformat() == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("2. März 2024", "2024-03-02", id="german-maerz"),
        pytest.param("17. Mai 2024, 09:45 Uhr", "2024-05-17T09:45:00", id="german-mai-with-time"),
        pytest.param("1er février 2024", "2024-02-01", id="french-premier-fevrier"),
        pytest.param("mardi 5 mars 2024 à 18h45", "2024-03-05T18:45:00", id="french-h-time"),
        pytest.param("3 décembre 2023", "2023-12-03", id="french-decembre"),
        pytest.param("5 de marzo de 2024", "2024-03-05", id="spanish-marzo"),
        pytest.param("martes, 5 de marzo de 2024, 10:20", "2024-03-05T10:20:00", id="spanish-with-time"),
        pytest.param("12 de setembro de 2023 às 09:05", "2023-09-12T09:05:00", id="portuguese-setembro"),
        pytest.param("quinta-feira, 1 de fevereiro de 2024", "2024-02-01", id="portuguese-fevereiro"),
    ],
)
def test_month_names_of_other_languages(raw: str, expected: str) -> None:
    parsed = parse_date_text(raw)
    assert parsed is not None
    assert parsed.isoformat() == expected


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("05/10/2022", id="date"),
        pytest.param("05/10/2022 10:30", id="date-and-time"),
    ],
)
def test_ambiguous_numeric_date_is_not_guessed(raw: str) -> None:
    assert parse_date_text(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("25/05/2022", "2022-05-25", id="day-over-12-first"),
        pytest.param("05/25/2022", "2022-05-25", id="day-over-12-second"),
    ],
)
def test_numeric_date_is_read_when_one_number_is_over_12(raw: str, expected: str) -> None:
    parsed = parse_date_text(raw)
    assert parsed is not None
    assert parsed.isoformat() == expected


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        pytest.param("2099-01-01T10:00:00+00:00", None, id="future-dropped"),
        pytest.param("2024-03-02T09:30:00+01:00", "2024-03-02T09:30:00+01:00", id="past-kept"),
    ],
)
def test_publication_date_in_the_future_of_the_fetch_is_dropped(published: str, expected: str | None) -> None:
    head = f'<meta property="article:published_time" content="{published}">'
    assert published_at(page(head)) == expected


def test_jsonld_date_preferred_over_a_time_in_the_sidebar() -> None:
    jsonld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Council backs tram extension",
            "datePublished": "2024-03-02T09:30:00+01:00",
        }
    )
    body = f"""<article>{STORY}</article>
    <aside class="sidebar"><h3>Latest</h3><ul><li><a href="/news/bus-strike">Bus drivers vote to strike</a>
    <time datetime="2024-02-27T08:00:00+01:00">27 February</time></li></ul></aside>"""
    assert (
        published_at(page(f'<script type="application/ld+json">{jsonld}</script>', body)) == "2024-03-02T09:30:00+01:00"
    )


def test_a_utc_date_gives_way_to_the_same_instant_in_the_publishers_time_zone() -> None:
    """The page prints its local day: 18:30 UTC on the 22nd is 05:30 on the 23rd in Sydney."""
    head = '<meta property="article:published_time" content="2023-12-22T18:30:00Z">'
    body = f'<article><time datetime="2023-12-23T05:30:00+11:00">December 23, 2023</time>{STORY}</article>'
    assert published_at(page(head, body)) == "2023-12-23T05:30:00+11:00"


def test_a_utc_date_takes_the_zone_the_page_prints_other_times_in() -> None:
    """An update's time gives the publisher's offset (Sydney's summer time): 18:30 UTC is 05:30 the next day."""
    head = '<meta property="article:published_time" content="2023-12-22T18:30:00Z">'
    update = '<p>Updated <time datetime="2023-12-23T07:10:00+11:00">7:10 am</time></p>'
    assert published_at(page(head, f"<article>{STORY}{update}</article>")) == "2023-12-23T05:30:00+11:00"


def test_a_utc_date_stays_when_the_page_gives_no_other_zone() -> None:
    head = '<meta property="article:published_time" content="2023-12-22T18:30:00Z">'
    body = f'<article><time datetime="2023-12-20T09:00:00Z">December 20, 2023</time>{STORY}</article>'
    assert published_at(page(head, body)) == "2023-12-22T18:30:00+00:00"


def test_url_date_is_used_when_the_page_has_no_date() -> None:
    assert published_at(page(), "https://news.example.com/2024/03/02/tram-extension.html") == "2024-03-02"


def test_time_in_the_article_preferred_over_the_url_date() -> None:
    body = f'<article>{STORY}<time datetime="2024-03-01T18:00:00+01:00">1 March 2024</time></article>'
    assert (
        published_at(page(body=body), "https://news.example.com/2024/03/02/tram-extension.html")
        == "2024-03-01T18:00:00+01:00"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("https://news.example.com/2024/03/02/tram-extension.html", "2024-03-02", id="slashes"),
        pytest.param("https://news.example.com/2024-3-2/tram-extension", "2024-03-02", id="hyphens-unpadded"),
        pytest.param("https://news.example.com/news/2024/13/02/tram", None, id="month-13"),
        pytest.param("https://news.example.com/news/12345/tram", None, id="no-date"),
    ],
)
def test_url_date(url: str, expected: str | None) -> None:
    assert url_date(url) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sat 2 Mar 2024 14.30 GMT", "2024-03-02T14:30:00+00:00"),
        ("4. Juni 2024, 14.30 Uhr", "2024-06-04T14:30:00"),
        ("03.05.2022", "2022-05-03"),  # a dotted date, not a time
    ],
)
def test_times_written_with_a_dot(raw: str, expected: str) -> None:
    parsed = parse_date_text(raw)
    assert parsed is not None and parsed.isoformat() == expected


FETCHED = datetime(2024, 5, 2, 12, 30, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Published 2 hours ago", datetime(2024, 5, 2, 10, 30, tzinfo=UTC), id="hours-ago"),
        pytest.param("an hour ago", datetime(2024, 5, 2, 11, 30, tzinfo=UTC), id="an-hour-ago"),
        pytest.param("vor 3 Stunden", datetime(2024, 5, 2, 9, 30, tzinfo=UTC), id="vor-stunden"),
        pytest.param("vor einer Stunde", datetime(2024, 5, 2, 11, 30, tzinfo=UTC), id="vor-einer-stunde"),
        pytest.param("il y a 5 minutes", datetime(2024, 5, 2, 12, 25, tzinfo=UTC), id="il-y-a"),
        pytest.param("hace 2 días", date(2024, 4, 30), id="hace-dias"),
        pytest.param("Updated 1 week ago", date(2024, 4, 25), id="weeks-name-a-day"),
        pytest.param("in 2 hours", None, id="future-is-no-date"),
        pytest.param("2 hours of talks", None, id="no-ago"),
        pytest.param("Yesterday, 10:15", date(2024, 5, 1), id="yesterday-with-a-clock"),
        pytest.param("Gestern, 10:15 Uhr", date(2024, 5, 1), id="gestern-with-a-clock"),
        pytest.param("hier à 10h15", date(2024, 5, 1), id="hier-with-a-clock"),
        pytest.param("hier", None, id="german-here-is-no-day"),
    ],
)
def test_relative_dates_count_back_from_the_fetch(text: str, expected: datetime | date | None) -> None:
    assert relative_date(text, FETCHED) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1714652400000", datetime(2024, 5, 2, 12, 20, tzinfo=UTC)),
        ("1714652400", datetime(2024, 5, 2, 12, 20, tzinfo=UTC)),
        ("171465", None),
        ("2024-05-02", None),
    ],
)
def test_unix_time_in_seconds_or_milliseconds(raw: str, expected: datetime | None) -> None:
    assert unix_time(raw) == expected


def test_a_relative_dateline_is_read_against_fetched_at() -> None:
    body = "<article>" + STORY.replace("</h1>", "</h1><p class='meta'>Published 2 hours ago</p>") + "</article>"
    item = extract_article(page(body=body), UNDATED_URL, fetched_at=FETCHED)
    assert item is not None and item["published_at"] == "2024-05-02T10:30:00+00:00"


def test_a_millisecond_timestamp_in_the_article_is_its_date() -> None:
    body = f'<article><span class="date" data-timestamp="1714652400000"></span>{STORY}</article>'
    assert published_at(page(body=body)) == "2024-05-02T12:20:00+00:00"


def test_a_timestamp_outside_the_article_dates_something_else() -> None:
    body = f'<aside><span data-timestamp="1714652400000"></span></aside><article>{STORY}</article>'
    assert published_at(page(body=body)) is None


def test_htmldate_reads_what_our_sources_miss() -> None:
    story = "".join(
        f"<p>Paragraph {number} of the council story, long enough to push the footer down.</p>" for number in range(20)
    )
    body = (
        f"<article><h1>Council backs tram extension</h1>{story}"
        '<div class="article-footer"><span class="date">2024-03-02</span></div></article>'
    )
    assert published_at(page(body=body)) == "2024-03-02"


@pytest.mark.parametrize(
    ("dateline", "modified"),
    [
        ("Updated March 5, 2024, 9:30 a.m. · Published March 2, 2024", "2024-03-05T09:30:00"),
        ("Veröffentlicht am 02.03.2024 | Aktualisiert am 05.03.2024", "2024-03-05"),
    ],
)
def test_the_update_printed_under_the_headline_is_the_modification_date(dateline: str, modified: str) -> None:
    headline, rest = STORY.split("\n", 1)
    item = extract_article(page(body=f'<article>{headline}<p class="meta">{dateline}</p>{rest}</article>'), UNDATED_URL)
    assert item is not None
    assert (item["published_at"], item["modified_at"]) == ("2024-03-02", modified)
