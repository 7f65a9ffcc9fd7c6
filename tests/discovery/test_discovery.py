"""Sitemaps, feeds, robots.txt and the date window: parsed safely, dates kept."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest

from newsspider.discovery.feeds import feed_entries
from newsspider.discovery.robots import robots_sitemaps
from newsspider.discovery.sitemaps import sitemap_entries
from newsspider.discovery.sources import MAX_ENTRIES, is_older, parse_since
from newsspider.discovery.xml import MAX_XML_BYTES, xml_body

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://news.example.com/2024/03/02/budget-vote.html</loc>
    <lastmod>2024-03-03T15:45:00-05:00</lastmod>
    <news:news>
      <news:publication><news:name>Example News</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2024-03-02T04:12:00-05:00</news:publication_date>
      <news:title>Council passes budget after overnight session</news:title>
    </news:news>
  </url>
  <url><loc>https://news.example.com/2024/02/01/old-story.html</loc><lastmod>2024-02-01</lastmod></url>
</urlset>"""
SITEMAP_INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example.com/sitemap-news.xml</loc></sitemap>
  <sitemap><loc>https://news.example.com/sitemap-2024.xml.gz</loc></sitemap>
</sitemapindex>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/&lol3;</loc></url></urlset>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/&secret;</loc></url></urlset>"""


def test_news_sitemap_keeps_lastmod_publication_date_and_title() -> None:
    first, second = sitemap_entries(NEWS_SITEMAP)
    assert not first.is_sitemap and not second.is_sitemap
    assert first.url == "https://news.example.com/2024/03/02/budget-vote.html"
    assert first.lastmod == "2024-03-03T15:45:00-05:00"
    assert first.published == "2024-03-02T04:12:00-05:00"
    assert first.title == "Council passes budget after overnight session"
    assert second.lastmod == "2024-02-01" and second.published is None


def test_sitemap_index_lists_its_sitemaps() -> None:
    entries = list(sitemap_entries(SITEMAP_INDEX))
    assert [entry.url for entry in entries] == [
        "https://news.example.com/sitemap-news.xml",
        "https://news.example.com/sitemap-2024.xml.gz",
    ]
    assert all(entry.is_sitemap for entry in entries)


def test_gzipped_sitemaps_are_read() -> None:
    assert len(list(sitemap_entries(gzip.compress(NEWS_SITEMAP)))) == 2


def big_sitemap(urls: int) -> bytes:
    entries = "".join(f"<url><loc>https://news.example.com/{number}.html</loc></url>\n" for number in range(urls))
    return gzip.compress(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'.encode())


def test_a_sitemap_over_the_protocol_limit_gives_its_first_50000_urls() -> None:
    entries = list(sitemap_entries(big_sitemap(MAX_ENTRIES + 10)))
    assert len(entries) == MAX_ENTRIES  # more than one chunk of XML_CHUNK bytes, none lost at the seams
    assert entries[-1].url == f"https://news.example.com/{MAX_ENTRIES - 1}.html"


def test_a_truncated_sitemap_gives_the_urls_before_the_cut() -> None:
    document = big_sitemap(1000)
    entries = list(sitemap_entries(document[: len(document) // 2]))
    assert 0 < len(entries) < 1000
    assert [entry.url for entry in entries] == [f"https://news.example.com/{n}.html" for n in range(len(entries))]


def test_gzip_bombs_are_refused() -> None:
    bomb = gzip.compress(b"<" + b" " * (MAX_XML_BYTES + 10))
    with pytest.raises(ValueError):
        xml_body(bomb)
    assert list(sitemap_entries(bomb)) == []


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_entities_are_never_expanded(document: bytes) -> None:
    entries = list(sitemap_entries(document))
    assert all("lol" not in entry.url and "root:" not in entry.url for entry in entries)


def test_rss_atom_and_json_feeds() -> None:
    rss = b"""<rss version="2.0"><channel><item><title>One</title><link>https://x.example/a.html</link>
        <pubDate>Sat, 02 Mar 2024 09:30:00 +0100</pubDate></item></channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Two</title>
        <link rel="alternate" href="https://x.example/b.html"/><updated>2024-03-03T10:00:00Z</updated></entry></feed>"""
    feed = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "items": [{"id": "3", "url": "https://x.example/c.html", "date_published": "2024-03-04T08:00:00+00:00"}],
        }
    ).encode()
    assert [(e.url, e.published) for e in feed_entries(rss)] == [
        ("https://x.example/a.html", "2024-03-02T09:30:00+01:00")
    ]
    assert [(e.url, e.lastmod) for e in feed_entries(atom)] == [
        ("https://x.example/b.html", "2024-03-03T10:00:00+00:00")
    ]
    assert [(e.url, e.published) for e in feed_entries(feed)] == [
        ("https://x.example/c.html", "2024-03-04T08:00:00+00:00")
    ]


def test_robots_sitemap_lines() -> None:
    robots = "User-agent: *\nDisallow: /search\nSitemap: https://x.example/sitemap_index.xml\n"
    assert robots_sitemaps(robots) == ["https://x.example/sitemap_index.xml"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2d", datetime(2024, 3, 8, 12, 0, tzinfo=UTC)),
        ("12h", datetime(2024, 3, 10, 0, 0, tzinfo=UTC)),
        ("1w", datetime(2024, 3, 3, 12, 0, tzinfo=UTC)),
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=UTC)),
    ],
)
def test_since_window(value: str, expected: datetime) -> None:
    assert parse_since(value, now=datetime(2024, 3, 10, 12, 0, tzinfo=UTC)) == expected


def test_since_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        parse_since("yesterday-ish")


def test_only_dated_entries_older_than_the_window_are_skipped() -> None:
    since = datetime(2024, 3, 1, tzinfo=UTC)
    assert is_older("2024-02-28T23:00:00+00:00", since)
    assert is_older("2024-03-01T00:30:00+01:00", since)  # 23:30 UTC on the day before
    assert not is_older("2024-03-02", since)
    assert not is_older(None, since)
