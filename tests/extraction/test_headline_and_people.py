"""Headlines (<h1>, og:title, <title> without the site name) and people (bylines split into authors)."""

from __future__ import annotations

import json

import pytest
from lxml import html

from newsspider import extract_article
from newsspider.extraction.headline import choose_title, printed_text, strip_site_name

SITE = "City Herald"
HEADLINE = "Council backs tram extension"


def page_body(markup: str) -> html.HtmlElement:
    return html.document_fromstring(f"<html><body>{markup}</body></html>")


def test_h1_confirmed_by_og_title_is_taken_as_printed() -> None:
    h1 = "Tram extension approved – four new stations for the north"
    root = page_body(f"<article><h1>{h1}</h1><p>The council voted on Tuesday.</p></article>")
    title = choose_title(root, headline=None, og_title=f"{h1} | {SITE}", html_title=f"{h1} | {SITE}", site_name=SITE)
    assert title == h1


def test_the_only_h1_is_the_headline_when_the_metadata_rewrote_it() -> None:
    h1 = "Four new stations for the north as council backs tram"
    root = page_body(f"<article><h1>{h1}</h1><p>The council voted on Tuesday.</p></article>")
    title = choose_title(
        root,
        headline="Tram extension: what it means for you",
        og_title=None,
        html_title=f"Tram extension: what it means for you | {SITE}",
        site_name=SITE,
    )
    assert title == h1


@pytest.mark.parametrize(
    ("markup", "printed"),
    [
        pytest.param("<h1>Tram<br>extension approved</h1>", "Tram extension approved", id="line-break"),
        pytest.param('<h1>Tram plan <button title="Copy link">Copy link</button></h1>', "Tram plan", id="button"),
        pytest.param(
            "<h1>Tram plan<span hidden><span>Save to your reading list</span></span></h1>", "Tram plan", id="hidden"
        ),
        pytest.param(
            '<h1>Tram <i class="icon" aria-hidden="true">&#9733;</i>plan<!-- kicker --> approved</h1>',
            "Tram plan approved",
            id="icon-and-comment",
        ),
    ],
)
def test_a_heading_reads_as_printed(markup: str, printed: str) -> None:
    assert printed_text(html.fragment_fromstring(markup)) == printed


def test_an_h1_holding_the_svg_logo_is_no_headline() -> None:
    logo = (
        f'<h1><a href="/"><svg viewBox="0 0 10 10"><title>The {SITE}</title><desc>Home page logo</desc></svg></a></h1>'
    )
    root = page_body(f"{logo}<article><h2>{HEADLINE}</h2></article>")
    title = choose_title(root, headline=None, og_title=HEADLINE, html_title=f"{HEADLINE} | {SITE}", site_name=None)
    assert title == HEADLINE


def test_h1_not_confirmed_by_the_metadata_is_not_taken() -> None:
    root = page_body(f'<h1 class="section-title">Transport</h1><article><h2>{HEADLINE}</h2></article>')
    title = choose_title(root, headline=None, og_title=f"{HEADLINE} | {SITE}", html_title=None, site_name=SITE)
    assert title == HEADLINE


@pytest.mark.parametrize(
    ("html_title", "site_name"),
    [
        pytest.param(f"{HEADLINE} | {SITE}", SITE, id="suffix-pipe"),
        pytest.param(f"{SITE} - {HEADLINE}", SITE, id="prefix-hyphen"),
        pytest.param(f"{HEADLINE} – {SITE}", SITE, id="suffix-en-dash"),
        pytest.param(f"{HEADLINE} | {SITE}", "cityherald", id="site-name-spelled-differently"),
        pytest.param(f"{HEADLINE} | {SITE}", None, id="unknown-site-longest-part"),
    ],
)
def test_site_name_removed_from_html_title(html_title: str, site_name: str | None) -> None:
    title = choose_title(
        page_body("<p>No headline markup.</p>"),
        headline=None,
        og_title=None,
        html_title=html_title,
        site_name=site_name,
    )
    assert title == HEADLINE


def test_strip_site_name_keeps_a_dash_inside_the_headline() -> None:
    assert strip_site_name(f"Tram - the long road north | {SITE}", SITE) == "Tram - the long road north"


def test_title_without_separator_is_left_alone() -> None:
    assert strip_site_name(HEADLINE, SITE) == HEADLINE


@pytest.mark.parametrize(
    "trail",
    [
        '<nav><ul><li><a href="/politics">Politics</a></li><li><h1>{seo}</h1></li></ul></nav>',
        '<div class="c-Breadcrumbs"><a href="/politics">Politics</a> <h1 class="last">{seo}</h1></div>',
    ],
)
def test_an_h1_in_the_breadcrumb_gives_way_to_the_headline_printed_below(trail: str) -> None:
    seo = "Tram extension: council votes for four stations"
    root = page_body(
        trail.format(seo=seo) + f'<article><h2><span class="kicker">Transport</span> {HEADLINE}</h2>'
        "<p>The council voted on Tuesday.</p></article>"
    )
    title = choose_title(root, headline=HEADLINE, og_title=seo, html_title=f"{seo} | {SITE}", site_name=SITE)
    assert title == HEADLINE


def test_an_h1_in_the_breadcrumb_stays_the_title_when_no_heading_prints_a_metadata_title() -> None:
    seo = "Tram extension: council votes for four stations"
    root = page_body(
        f"<nav><ul><li><h1>{seo}</h1></li></ul></nav><article><h2>What happens next</h2><p>The council voted.</p>"
        "</article>"
    )
    title = choose_title(root, headline=HEADLINE, og_title=None, html_title=None, site_name=SITE)
    assert title == seo


@pytest.mark.parametrize(
    "h1",
    [
        f'<span class="kicker">Transport</span> {HEADLINE}',
        f"Transport<br>{HEADLINE}",
        f"<strong>City</strong>{HEADLINE}",
    ],
)
def test_a_kicker_printed_in_the_h1_is_left_out_when_the_metadata_gives_the_rest(h1: str) -> None:
    root = page_body(f"<article><h1>{h1}</h1><p>The council voted on Tuesday.</p></article>")
    title = choose_title(root, headline=None, og_title=HEADLINE, html_title=f"{HEADLINE} | {SITE}", site_name=SITE)
    assert title == HEADLINE


def test_a_kicker_that_the_metadata_title_sets_apart_is_left_out() -> None:
    root = page_body(f'<article><h1><span class="topic">Transport</span> {HEADLINE}</h1><p>The council voted.</p>')
    og_title = f"Transport - {HEADLINE} - {SITE}"
    assert choose_title(root, headline=None, og_title=og_title, html_title=og_title, site_name=SITE) == HEADLINE


def test_words_before_the_metadata_title_that_the_h1_does_not_set_apart_are_the_headlines() -> None:
    h1 = f"The mayor says {HEADLINE.lower()}"
    root = page_body(f"<article><h1>{h1}</h1><p>The council voted on Tuesday.</p></article>")
    assert choose_title(root, headline=None, og_title=HEADLINE.lower(), html_title=None, site_name=SITE) == h1


def test_a_breadcrumb_class_on_the_page_itself_puts_no_h1_in_a_breadcrumb() -> None:
    root = html.document_fromstring(
        f'<html><body class="has-breadcrumbs"><article><h1>{HEADLINE}</h1><h2>What happens next</h2>'
        "<p>The council voted on Tuesday.</p></article></body></html>"
    )
    assert choose_title(root, headline="What happens next", og_title=None, html_title=None, site_name=SITE) == HEADLINE


def test_logo_h1_with_the_site_name_is_not_the_title() -> None:
    root = page_body(
        f'<header><h1 class="logo"><a href="/">{SITE}</a></h1></header>'
        f"<article><h2>{HEADLINE}</h2><p>The council voted on Tuesday.</p></article>"
    )
    title = choose_title(root, headline=None, og_title=None, html_title=f"{HEADLINE} | {SITE}", site_name=SITE)
    assert title == HEADLINE


GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebSite", "@id": "https://news.example.com/#website", "name": SITE},
        {
            "@type": "NewsArticle",
            "@id": "https://news.example.com/2024/03/02/tram-extension.html#article",
            "headline": HEADLINE,
            "author": [
                {"@id": "https://news.example.com/#/schema/person/ana-lima"},
                {"@type": "Person", "name": "Tom Berg"},
                {"@type": "Organization", "name": "Fenwick Partners"},
            ],
            "publisher": {"@id": "https://news.example.com/#organization"},
        },
        {"@type": "Person", "@id": "https://news.example.com/#/schema/person/ana-lima", "name": "Ana Lima"},
        {"@type": "Organization", "@id": "https://news.example.com/#organization", "name": "Hartley Media"},
    ],
}
GRAPH_PAGE = f"""<!doctype html><html lang="en"><head><title>{HEADLINE} | {SITE}</title>
<script type="application/ld+json">{json.dumps(GRAPH)}</script></head>
<body><article><h1>{HEADLINE}</h1>
<p>The city council voted on Tuesday to extend the tram line north, adding four stations and a bridge.</p>
<p>Work is due to start in the spring, the transport office said, and should take about three years.</p>
</article></body></html>"""


def test_authors_from_jsonld_graph_leave_the_organisation_out() -> None:
    item = extract_article(GRAPH_PAGE, "https://news.example.com/2024/03/02/tram-extension.html")
    assert item is not None
    assert item["authors"] == ["Ana Lima", "Tom Berg"]


def test_logo_h1_is_not_the_title_even_when_the_headline_is_short() -> None:
    root = html.fromstring(
        '<html><body><header><h1 class="logo"><a href="/">City Herald</a></h1></header>'
        "<article><h2>Tram vote</h2><p>The council voted on the tram.</p></article></body></html>"
    )
    title = choose_title(
        root, headline=None, og_title=None, html_title="Tram vote | City Herald", site_name="City Herald"
    )
    assert title == "Tram vote"


STORY = (
    "<p>The city council voted on Tuesday to extend the tram line north, adding four stations and a bridge.</p>"
    "<p>Work is due to start in the spring, the transport office said, and should take about three years.</p>"
)


def people_of(header: str, head: str = "", footer: str = "") -> tuple[str | None, list[str]]:
    document = (
        f'<!doctype html><html lang="en"><head><title>{HEADLINE} | {SITE}</title>'
        f'<meta property="og:site_name" content="{SITE}">{head}</head>'
        f"<body><article><h1>{HEADLINE}</h1>{header}{STORY}{footer}</article></body></html>"
    )
    item = extract_article(document, "https://news.example.com/2024/03/02/tram-extension.html")
    assert item is not None
    return item["byline"], item["authors"]


def test_a_header_classed_as_the_author_around_the_headline_is_not_the_byline() -> None:
    document = (
        f"<!doctype html><html lang='en'><head><title>{HEADLINE}</title></head><body><article>"
        f'<header class="hero author"><h1>{HEADLINE}</h1><p>Transport</p>'
        '<span class="p-author h-card">by <a href="/team/ana-lima/">Ana Lima</a></span></header>'
        f"{STORY}</article></body></html>"
    )
    item = extract_article(document, "https://news.example.com/2024/03/02/tram-extension.html")
    assert item is not None
    assert (item["byline"], item["authors"]) == ("by Ana Lima", ["Ana Lima"])


def test_a_script_in_the_byline_box_prints_nothing() -> None:
    header = '<div class="byline"><script>window.track("byline-view");</script>By Ana Lima</div>'
    assert people_of(header) == ("By Ana Lima", ["Ana Lima"])


def test_a_byline_label_alone_is_not_the_byline() -> None:
    header = '<div class="byline">Written by</div><span class="author-name">Ana Lima</span>'
    assert people_of(header) == ("Ana Lima", ["Ana Lima"])


def test_the_byline_that_names_the_declared_author_is_preferred() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "author": {"@type": "Person", "name": "Ana Lima"}}</script>'
    )
    header = (
        '<figure><img src="/tram.jpg"><figcaption><span class="byline">Tom Berg</span></figcaption></figure>'
        '<p><span class="author-name">Ana Lima</span></p>'
    )
    assert people_of(header, head) == ("Ana Lima", ["Ana Lima"])


def test_with_the_authors_declared_byline_markup_that_names_nobody_is_no_byline() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "author": {"@type": "Person", "name": "Ana Lima"}}</script>'
    )
    assert people_of('<div class="author-social"><a href="/share">Facebook</a></div>', head) == (None, ["Ana Lima"])


def test_a_wire_byline_in_capitals_gives_its_three_names() -> None:
    byline = "By STEVE ROWE, THOMAS HALE and AMELIA DESAI-MORGAN"
    assert people_of(f'<p class="byline">{byline}</p>') == (
        byline,
        ["STEVE ROWE", "THOMAS HALE", "AMELIA DESAI-MORGAN"],
    )


def test_linked_names_leave_out_the_publication_printed_beside_them() -> None:
    header = (
        '<div class="byline"><a href="/staff/ana-lima/">Ana Lima</a> <span class="credit">Northfield'
        " Courier &amp; Gazette</span></div>"
    )
    assert people_of(header)[1] == ["Ana Lima"]


@pytest.mark.parametrize(
    ("header", "authors"),
    [
        pytest.param('<div class="auteur">Door Ana Lima</div>', ["Ana Lima"], id="dutch-auteur-door"),
        pytest.param('<div class="firma">di Ana Lima</div>', ["Ana Lima"], id="italian-firma-di"),
        pytest.param('<p class="article-author">Text: Ana Lima | Fotos: Tom Berg</p>', ["Ana Lima"], id="photos-after"),
        pytest.param('<div class="byline">Ana Lima | Northwind Wire</div>', ["Ana Lima"], id="name-pipe-desk"),
        pytest.param('<p class="byline">Von Ana Lima mit Material von dpa</p>', ["Ana Lima"], id="mit-material"),
    ],
)
def test_bylines_of_other_languages_and_what_follows_the_names(header: str, authors: list[str]) -> None:
    assert people_of(header)[1] == authors


@pytest.mark.parametrize(
    ("facts", "authors"),
    [
        pytest.param(
            '<div class="article-facts"><span class="label">Datum:</span> 12.03.2026<br>'
            '<span class="label">Autor:</span> Karel Novák<br><span class="label">Quelle:</span> Radio Nord</div>',
            ["Karel Novák"],
            id="label-and-tail",
        ),
        pytest.param(
            '<div class="meta-column"><h4 class="meta-title">Autorin</h4><p><a href="/profil/ana-lima">Ana Lima</a>'
            "</p></div>",
            ["Ana Lima"],
            id="heading-and-next-block",
        ),
        pytest.param(
            '<p class="meta"><strong>Authors:</strong> <a href="/p/1">Ana Lima</a>, <a href="/p/2">Tom Berg</a><br>'
            "Published 12 March 2026</p>",
            ["Ana Lima", "Tom Berg"],
            id="names-up-to-the-line-break",
        ),
        pytest.param(
            '<dl class="facts"><dt>Author</dt><dd>Ana Lima</dd><dt>Published</dt><dd>12 March 2026</dd></dl>',
            ["Ana Lima"],
            id="definition-list",
        ),
    ],
)
def test_the_name_after_an_author_label_is_the_author(facts: str, authors: list[str]) -> None:
    assert people_of("", footer=facts)[1] == authors


def test_an_authors_link_in_a_menu_is_no_label() -> None:
    menu = '<div class="menu"><a href="/authors/">Authors</a> <a href="/latest/">Latest Activity</a></div>'
    assert people_of("", footer=menu)[1] == []


@pytest.mark.parametrize(
    "signature",
    ["<p><em>Ana Lima</em></p>", '<p style="text-align: right">Ana Lima</p>', '<p align="right">Ana Lima</p>'],
)
def test_a_name_signed_under_the_story_is_its_byline_and_no_body_text(signature: str) -> None:
    document = (
        f"<!doctype html><html><head><title>{HEADLINE}</title></head>"
        f"<body><article><h1>{HEADLINE}</h1>{STORY}{signature}</article></body></html>"
    )
    item = extract_article(document, "https://news.example.com/2024/03/02/tram-extension.html")
    assert item is not None
    assert (item["byline"], item["authors"]) == ("Ana Lima", ["Ana Lima"])
    assert "Ana Lima" not in item["body"]


def test_an_emphasised_last_sentence_is_no_signature() -> None:
    assert people_of("", footer="<p><em>The council meets again in May.</em></p>")[1] == []


def test_an_agency_alone_is_the_author() -> None:
    assert people_of('<p class="byline">By Associated Press</p>') == ("By Associated Press", ["Associated Press"])


def test_a_writer_classed_line_is_the_byline() -> None:
    assert people_of('<div class="info"><span class="writer">박서연 기자</span></div>') == ("박서연", ["박서연"])


def test_a_desk_alone_is_the_author_and_a_bare_desk_word_is_not() -> None:
    assert people_of('<p class="byline">By Metro Staff</p>')[1] == ["Metro Staff"]
    assert people_of('<p class="byline">Redaktion</p>')[1] == []


def test_a_team_alone_is_the_author_with_its_name_printed_whole() -> None:
    assert people_of('<p class="byline">By the Metro Editorial Team</p>') == (
        "By the Metro Editorial Team",
        ["the Metro Editorial Team"],
    )


def test_the_site_itself_is_not_an_author() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Organization",'
        f' "name": "{SITE}"}}}}</script>'
    )
    assert people_of("", head)[1] == []


def test_an_agency_acronym_declared_as_a_person_is_the_author() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person",'
        ' "name": " KNA", "url": "https://news.example.com/authors/kna/"}}</script>'
    )
    assert people_of("", head)[1] == ["KNA"]


def test_a_bio_box_is_not_the_byline() -> None:
    footer = (
        '<div class="author-bio"><p>Ana Lima writes about transport, housing and the city council. Her book'
        " on the tramways of the north is published next year.</p></div>"
    )
    assert people_of("<p>By <a href='/staff/ana-lima/'>Ana Lima</a></p>", footer=footer) == (
        "By Ana Lima",
        ["Ana Lima"],
    )


def test_links_to_topic_pages_are_the_tags_and_the_menu_is_not() -> None:
    document = (
        f"<html><head><title>{HEADLINE}</title></head><body><nav><a href='/topics/weather/'>Weather</a>"
        f"</nav><article><h1>{HEADLINE}</h1>{STORY}<div class='chips'><a href='/topics/trams/'>Trams</a>"
        "<a href='/topics/city-council/'>City council</a></div></article></body></html>"
    )
    item = extract_article(document, "https://news.example.com/2024/03/02/tram-extension.html")
    assert item is not None and item["tags"] == ["Trams", "City council"]


def test_a_metadata_title_that_a_quote_cut_short_gives_way_to_the_whole_one() -> None:
    root = html.document_fromstring("<html><body><p>No heading on this page.</p></body></html>")
    title = choose_title(
        root,
        headline=None,
        og_title="Senator calls the tram plan ",  # content="Senator calls the tram plan "reckless""
        html_title='Senator calls the tram plan "reckless" | City Herald',
        site_name="City Herald",
    )
    assert title == 'Senator calls the tram plan "reckless"'
