"""The article body: which container is the story, which blocks around it belong to it, how blocks are rendered."""

from __future__ import annotations

import json
from html import escape as html_escape

import pytest
from lxml import etree, html

from newsspider import extract_article
from newsspider.extraction.body import Body, extract_body, is_date_line
from newsspider.extraction.content import main_container, render_blocks

TITLE = "Council backs tram extension"
P1 = (
    "The city council voted on Tuesday to extend the tram line north, adding four stations, two depots and a"
    " bridge over the canal."
)
P2 = "Work is due to start in the spring, the transport office said, and should take about three years to finish."
P3 = "Residents of the northern districts, who have waited for a tram since the 1990s, welcomed the vote."
P4 = (
    "The opposition, which had asked for a bus lane instead, said the cost of the bridge, the depots and the"
    " new trams had been underestimated."
)
P5 = "The transport office will publish the timetable for the works, street by street, in the summer."


def paragraphs(*texts: str) -> str:
    return "\n".join(f"<p>{text}</p>" for text in texts)


def body_of(markup: str, title: str | None = TITLE) -> Body:
    return extract_body(html.document_fromstring(markup).body, title=title)


def test_story_is_chosen_over_a_sidebar_with_more_links() -> None:
    teaser = (
        '<div class="teaser"><p><a href="/2024/03/0{0}/story-{0}.html">Bus drivers vote to strike over pay,'
        " shifts and holidays in the spring</a> {0} hours ago</p></div>"
    )
    root = html.document_fromstring(f"""<html><body><div class="layout">
    <div id="story"><h1>{TITLE}</h1>{paragraphs(P1, P2, P3)}</div>
    <div id="col-b">{"".join(teaser.format(n) for n in range(1, 9))}</div>
    </div></body></html>""")
    assert [element.get("id") for element in main_container(root)] == ["story"]


@pytest.mark.parametrize(
    "ad",
    [
        pytest.param('<div class="ad-container"><span>Advertisement</span></div>', id="ad-named-by-class"),
        pytest.param('<div class="inline-slot"><p>Advertisement</p></div>', id="ad-named-by-its-label-only"),
    ],
)
def test_body_containers_split_around_an_ad_are_all_taken(ad: str) -> None:
    body = body_of(f"""<html><body><article><h1>{TITLE}</h1>
    <div class="article-body">{paragraphs(P1, P2, P3)}</div>
    {ad}
    <div class="article-body">{paragraphs(P4, P5)}</div>
    </article></body></html>""")
    assert body.text == "\n\n".join([P1, P2, P3, P4, P5])


def test_teaser_articles_next_to_the_story_are_not_merged() -> None:
    teaser = paragraphs(
        "Drivers on six routes, including the night buses, will stop work on Friday, the union said.",
        "The bus company said it would keep talking to the union and hoped to avoid the strike.",
        "Trams and trains will run as usual, and the council will add extra trams at rush hour.",
    )
    body = body_of(f"""<html><body><main>
    <article class="post"><h2 class="entry-title">{TITLE}</h2>{paragraphs(P1, P2, P3, P4)}</article>
    <article class="post"><h2 class="entry-title">Bus drivers vote to strike</h2>{teaser}</article>
    </main></body></html>""")
    assert body.text == "\n\n".join([P1, P2, P3, P4])


def test_headline_article_is_chosen_over_longer_teasers() -> None:
    other = (
        "In other news, the football club, the museum and the zoo all announced, on the same morning, new"
        " prices, new opening hours and new plans for the summer season."
    )
    teasers = "".join(
        f'<article><h2><a href="/story-{n}">Other story {n}</a></h2>{paragraphs(other)}'
        f'<a href="/story-{n}">Read on</a></article>'
        for n in range(8)
    )
    body = body_of(f"""<html><body><div class="page">
    <article><h1>{TITLE}</h1>{paragraphs(P1, P2)}</article>
    <div class="river">{teasers}</div>
    </div></body></html>""")
    assert body.text == "\n\n".join([P1, P2])


def test_lead_paragraph_just_above_the_container_is_included() -> None:
    lead = (
        "Four new stations, a bridge over the canal and two depots: the north of the city gets its tram after"
        " thirty years of waiting."
    )
    body = body_of(f"""<html><body><article><h1>{TITLE}</h1>
    <p class="standfirst">{lead}</p>
    <div class="article-body">{paragraphs(P1, P2, P3)}</div>
    </article></body></html>""")
    assert body.text == "\n\n".join([lead, P1, P2, P3])


def test_date_line_and_advertisement_label_are_dropped() -> None:
    body = body_of(f"""<html><body><article><h1>{TITLE}</h1><div class="article-body">
    <p>Updated 10:15 AM EST, March 2, 2024</p>
    {paragraphs(P1, P2)}
    <p>ADVERTISEMENT</p>
    {paragraphs(P3)}
    </div></article></body></html>""")
    assert body.text == "\n\n".join([P1, P2, P3])


@pytest.mark.parametrize(
    ("line", "is_date"),
    [
        pytest.param("Updated 10:15 AM EST, March 2, 2024", True, id="updated-english"),
        pytest.param("Stand: 03.05.2022, 14:10 Uhr", True, id="stand-german"),
        pytest.param("Publié le 5 mars 2024 à 18h45", True, id="publie-french"),
        pytest.param("06:15, 7 NOV 2023", True, id="time-first"),
        pytest.param("The council met on March 2, 2024", False, id="sentence-with-a-date"),
        pytest.param("Updated yesterday", False, id="no-number"),
    ],
)
def test_is_date_line(line: str, is_date: bool) -> None:
    assert is_date_line(line) is is_date


SEE_ALSO_PAGE = f"""<html><head><title>{TITLE} | City Herald</title></head><body><article><h1>{TITLE}</h1>
<div class="article-body">
{paragraphs(P1, P2)}
<p>See also: <a href="/2024/02/20/tram-fares.html">Tram fares to rise in April</a></p>
{paragraphs(P3)}
</div></article></body></html>"""


def test_see_also_promo_is_dropped_from_the_body() -> None:
    assert body_of(SEE_ALSO_PAGE).text == "\n\n".join([P1, P2, P3])


def test_see_also_link_is_reported_as_a_promo_link() -> None:
    assert body_of(SEE_ALSO_PAGE).promo_links == [("/2024/02/20/tram-fares.html", "Tram fares to rise in April")]


def test_see_also_link_becomes_a_related_link_of_the_article() -> None:
    item = extract_article(SEE_ALSO_PAGE, "https://news.example.com/2024/03/02/tram-extension.html")
    assert item is not None
    assert item["related_links"] == [
        {"url": "https://news.example.com/2024/02/20/tram-fares.html", "text": "Tram fares to rise in April"}
    ]


def test_table_rows_are_rendered_one_block_each() -> None:
    table = html.fragment_fromstring("""<table>
    <tr><th>Line</th><th>Stations</th><th>Opens</th></tr>
    <tr><td>North</td><td>4</td><td>2027</td></tr>
    <tr><td>East</td><td>2</td><td>2029</td></tr>
    </table>""")
    assert [block.text for block in render_blocks(table)] == [
        "Line | Stations | Opens",
        "North | 4 | 2027",
        "East | 2 | 2029",
    ]


@pytest.mark.parametrize(
    ("markup", "texts"),
    [
        pytest.param(
            "<div>Trams will run every ten minutes.<br><br>Night trams will run hourly.</div>",
            ["Trams will run every ten minutes.", "Night trams will run hourly."],
            id="br-br",
        ),
        pytest.param(
            "<div>Trams will run every ten minutes.<br>\n<br>\nNight trams will run hourly.</div>",
            ["Trams will run every ten minutes.", "Night trams will run hourly."],
            id="br-newline-br",
        ),
        pytest.param(
            "<div>Trams will run<br>every ten minutes.</div>",
            ["Trams will run every ten minutes."],
            id="single-br-joins",
        ),
    ],
)
def test_double_line_breaks_split_paragraphs(markup: str, texts: list[str]) -> None:
    assert [block.text for block in render_blocks(html.fragment_fromstring(markup))] == texts


CODE_BLOCK = """<pre><code class="language-bash hljs"><span class="hljs-comment"># fetch the timetable</span>
curl -O https://example.com/timetable.csv

<span class="token comment"># keep the northern stops</span>
grep north timetable.csv<br>  | sort
</code></pre>"""


def test_code_blocks_keep_their_lines_and_their_highlighted_comments() -> None:
    story = f"<h1>{TITLE}</h1>{paragraphs(P1, P2)}{CODE_BLOCK}{paragraphs(P3)}"
    body = body_of(f"<html><body><article>{story}</article></body></html>")
    assert body.text.split("\n\n") == [
        P1,
        P2,
        "# fetch the timetable\ncurl -O https://example.com/timetable.csv\n# keep the northern stops\n"
        "grep north timetable.csv\n  | sort",
        P3,
    ]


def deeply_nested_page(depth: int) -> html.HtmlElement:
    """A <body> with `depth` nested <div>s around one paragraph (built directly: parsers cap the depth)."""
    body = html.document_fromstring("<html><body></body></html>").body
    node = body
    for _ in range(depth):
        node = etree.SubElement(node, "div")
    etree.SubElement(node, "p").text = P1
    return body


def test_deeply_nested_markup_is_rendered() -> None:
    assert [block.text for block in render_blocks(deeply_nested_page(5000))] == [P1]


def test_deeply_nested_markup_is_extracted() -> None:
    assert extract_body(deeply_nested_page(5000), title=None).text == P1


@pytest.mark.parametrize(
    "after",
    [
        "<p>This entry was posted in Local politics and tagged trams, transport by Anna Berg."
        " Bookmark the permalink.</p>"
        "<h3>About the author</h3><p>Anna Berg has covered the city hall for the paper since 2009, and before that the"
        " regional courts, schools and hospitals.</p>",
        "<h3>3 Kommentare</h3><p>Endlich! Wir warten seit Jahren auf diese Strecke, und jetzt dauert es noch"
        " einmal drei"
        " Jahre bis zur Eröffnung.</p>",
        "<p>Dieser Beitrag wurde am 2. März 2024 in Verkehr veröffentlicht.</p><p>Über Anna Berg</p>",
    ],
    ids=["post-footer-and-author", "comment-section", "german-post-footer"],
)
def test_what_follows_the_article_ends_the_body(after: str) -> None:
    body = body_of(f"<html><body><article><h1>{TITLE}</h1>{paragraphs(P1, P2, P3)}{after}</article></body></html>")
    assert body.text == "\n\n".join([P1, P2, P3])


def test_a_comment_count_above_the_story_does_not_end_it() -> None:
    markup = f"<html><body><article><h1>{TITLE}</h1><p>12 comments</p>{paragraphs(P1, P2, P3)}</article></body></html>"
    assert body_of(markup).text.endswith(P3)


@pytest.mark.parametrize(
    "offer",
    [
        "Get the latest news straight to your phone with the Herald app.",
        "Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE.",
        "Werden Sie Mitglied und erhalten Sie exklusive Angebote!",
        "2024 nichts mehr versäumen!",
        "Tú también puedes hacer periodismo independiente. Cancela cuando quieras.",
        "Weiterführender Link",
    ],
)
def test_offers_licence_notes_and_link_labels_after_the_story_are_dropped(offer: str) -> None:
    body = body_of(f"<html><body><article><h1>{TITLE}</h1>{paragraphs(P1, P2, P3, offer)}</article></body></html>")
    assert body.text == "\n\n".join([P1, P2, P3])


def test_shortcodes_left_in_json_ld_article_body_are_not_text() -> None:
    article_body = (
        f'{P1}\r\n\r\n[related-story id="381" url="https://example.com/a/" thumb="false"]\r\n\r\n{P2}\r\n\r\n'
        f'[caption id="attachment_12" width="800"]<img src="/t.jpg"> The new tram at the depot[/caption]\r\n\r\n'
        f"{P3} [sic]\r\n\r\n{P4}"
    )
    assert body_with_declared(article_body, P1) == "\n\n".join([P1, P2, f"{P3} [sic]", P4])


def body_with_declared(article_body: str, shown: str) -> str:
    """The body extracted from a page that shows one paragraph and declares `article_body` in its JSON-LD."""
    jsonld = json.dumps({"@type": "NewsArticle", "headline": TITLE, "articleBody": article_body})
    page = (
        f'<html><head><script type="application/ld+json">{jsonld}</script></head>'
        f"<body><article><h1>{TITLE}</h1><p>{shown}</p></article></body></html>"
    )
    item = extract_article(page, "https://example.com/2024/03/02/tram.html")
    assert item is not None
    return str(item["body"])


def test_accordion_panels_a_reader_opens_are_body_and_a_menu_they_open_is_not() -> None:
    steps = "".join(
        f'<div class="accordion"><button aria-expanded="false" aria-controls="step-{n}">Step {n}</button>'
        f'<div id="step-{n}" role="region" style="display:none;"><p>{text}</p></div></div>'
        for n, text in enumerate((P2, P3, P4), start=1)
    )
    menu = (
        '<button aria-expanded="false" aria-controls="site-menu">Menu</button><div id="site-menu" hidden><ul>'
        + "".join(f'<li><a href="/{name}/">{name.title()}</a></li>' for name in ("politics", "sport", "weather"))
        + "</ul></div>"
    )
    body = body_of(f"<html><body>{menu}<article><h1>{TITLE}</h1><p>{P1}</p>{steps}<p>{P5}</p></article></body></html>")
    assert body.text == "\n\n".join([P1, P2, P3, P4, P5])  # the buttons are controls, not headings


@pytest.mark.parametrize(
    ("line", "is_byline"),
    [
        ("By Sarah Lim Published: Tuesday, 11 February 2025, 14:32", True),
        ("Von Jana Roth und Tom Berg", True),
        ("By ANA LIMA, Associated Press", True),
        ("By 2030, the council wants trams on every line", False),
        ("By then the council had voted", False),
    ],
)
def test_a_byline_line_at_the_top_of_the_story_is_no_body_text(line: str, is_byline: bool) -> None:
    story = f"<h1>{TITLE}</h1><div>{line}</div>{paragraphs(P1, P2, P3)}"
    body = body_of(f"<html><body><article>{story}</article></body></html>")
    assert (line not in body.text) is is_byline


def test_the_json_ld_article_body_stands_in_when_the_page_gives_next_to_nothing() -> None:
    notice = "Our reporter followed the vote from the gallery of the old town hall."
    assert body_with_declared("\n".join([P1, P2, P3]), notice) == "\n\n".join([P1, P2, P3])


@pytest.mark.parametrize("heading", ["<p><strong>VEJA TAMBÉM</strong></p>", "<h3>More on transport</h3>"])
def test_the_heading_of_a_box_of_links_inside_the_story_goes_with_its_links(heading: str) -> None:
    """Whatever its words: a short line right above a list of links that is left out heads that list."""
    links = (
        '<ul><li><a href="/2024/03/01/bus-strike.html">Bus drivers vote to strike over pay</a></li>'
        '<li><a href="/2024/02/27/fares.html">Tram fares to rise in April</a></li></ul>'
    )
    story = f"{paragraphs(P1, P2)}{heading}{links}{paragraphs(P3, P4)}"
    body = body_of(f"<html><body><article><h1>{TITLE}</h1>{story}</article></body></html>")
    assert body.text == "\n\n".join([P1, P2, P3, P4])


@pytest.mark.parametrize("escapes", [0, 1, 2])
def test_json_ld_article_body_written_as_markup_is_read_as_its_text(escapes: int) -> None:
    """Some CMSs write the article's HTML (WordPress block comments and all) into articleBody, escaped for HTML
    once or twice over: its text is what stands in for a page that shows next to nothing."""
    markup = (
        f'<!-- wp:paragraph --><p>{P1}</p><!-- /wp:paragraph --><!-- wp:image {{"id":12}} --><figure>'
        f'<img src="/tram.jpg" alt=""></figure><!-- /wp:image --><p>{P2} <em>(file)</em></p><h2>Next steps</h2>'
        f"<p>{P3}</p>"
    )
    for _ in range(escapes):
        markup = html_escape(markup)
    shown = "Our reporter followed the vote."
    assert body_with_declared(markup, shown) == "\n\n".join([P1, f"{P2} (file)", "Next steps", P3])
