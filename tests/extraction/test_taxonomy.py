"""Section and tags: from the metadata first, else from the page's category and tag links."""

from __future__ import annotations

from lxml import html

from newsspider.extraction.structured import Metadata, read_metadata
from newsspider.extraction.taxonomy import markup_section, markup_tags, metadata_section, metadata_tags


def page(head: str = "", body: str = "") -> tuple[html.HtmlElement, Metadata]:
    root = html.document_fromstring(f"<html><head>{head}</head><body>{body}<p>Story</p></body></html>")
    return root, read_metadata(root, "https://news.example.com/2024/03/02/tram-extension/")


# A WordPress single post: the category link has rel="category tag", the post's tags rel="tag".
WORDPRESS = (
    '<article class="post type-post"><header class="entry-header">'
    '<span class="cat-links"><a href="https://news.example.com/category/local/" rel="category tag">Local</a></span>'
    '<h1 class="entry-title">Council backs tram extension</h1></header>'
    '<footer class="entry-footer"><span class="tags-links">'
    '<a href="https://news.example.com/tag/trams/" rel="tag">Trams</a>, '
    '<a href="https://news.example.com/tag/city-council/" rel="tag">City council</a></span></footer></article>'
)


def test_the_json_ld_section_comes_before_meta_tags() -> None:
    _, metadata = page(
        '<meta property="article:section" content="News">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "articleSection": ["Local", "Transport"]}'
        "</script>"
    )
    assert metadata_section(metadata) == "Local"
    assert metadata_section(page('<meta property="article:section" content="Transport">')[1]) == "Transport"


def test_a_wordpress_category_is_the_section_and_its_tags_the_tags() -> None:
    root, _ = page(body=WORDPRESS)
    assert markup_section(root) == "Local"
    assert markup_tags(root) == ["Trams", "City council"]


def test_the_breadcrumb_names_the_section_after_home() -> None:
    root, _ = page(
        body='<nav aria-label="Breadcrumb"><ol class="breadcrumb"><li><a href="/">Home</a></li>'
        '<li><a href="/news/">News</a></li><li><a href="/news/local/">Local</a></li></ol></nav>'
    )
    assert markup_section(root) == "News"


def test_keywords_are_split_on_commas() -> None:
    _, metadata = page('<meta name="keywords" content="trams, city council,, transport ">')
    assert metadata_tags(metadata) == ["trams", "city council", "transport"]


def test_json_ld_keywords_come_before_meta_keywords() -> None:
    _, metadata = page(
        '<meta name="news_keywords" content="Bridges">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "keywords": ["Trams", "City council"]}</script>'
    )
    assert metadata_tags(metadata) == ["Trams", "City council"]


def test_drupal_tag_fields_are_read() -> None:
    root, _ = page(
        body='<div class="field field--name-field-tags field--type-entity-reference">'
        '<div class="field__label">Tags</div><div class="field__items">'
        '<div class="field__item"><a href="/taxonomy/term/12" hreflang="en">Trams</a></div>'
        '<div class="field__item"><a href="/taxonomy/term/31" hreflang="en">Public transport</a></div>'
        "</div></div>"
    )
    assert markup_tags(root) == ["Trams", "Public transport"]


def test_topic_links_of_the_navigation_are_no_tags() -> None:
    root, _ = page(
        body='<nav class="main-menu"><a href="/topics/sport/">Sport</a><a href="/topics/weather/">Weather</a></nav>'
        '<p>Read more on <a href="/topics/trams/">#Trams</a></p>'
    )
    assert markup_tags(root) == ["Trams"]


def test_topic_links_of_a_menu_above_the_headline_are_no_tags() -> None:
    root, _ = page(
        body='<div class="menu-flyout"><ul><li><a href="/themen/">Alle Themen</a></li>'
        '<li><a href="/themen/wahlen/">Wahlen</a></li></ul></div>'
        "<main><h1>Stadtrat beschließt neue Tramlinie</h1><p>Der Stadtrat hat am Dienstag entschieden.</p>"
        '<p>Mehr: <a href="/themen/strassenbahn/">Straßenbahn</a></p></main>'
    )
    assert markup_tags(root) == ["Straßenbahn"]


def test_a_page_without_sections_or_tags_gives_none() -> None:
    root, metadata = page(body="<h1>Council backs tram extension</h1>")
    assert (metadata_section(metadata), markup_section(root)) == (None, None)
    assert (metadata_tags(metadata), markup_tags(root)) == ([], [])
