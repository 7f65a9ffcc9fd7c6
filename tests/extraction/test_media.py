"""Article images: figures taken out of the text, captions split from credits, the lead image first."""

from __future__ import annotations

from functools import partial

from lxml import html

from newsspider.extraction.boilerplate import strip_noise
from newsspider.extraction.media import article_images, detach_figures, image_figures, split_caption
from newsspider.extraction.structured import read_metadata
from newsspider.text import squash
from newsspider.urls import join_url

URL = "https://news.example.com/2024/03/02/tram-extension/"
UPLOADS = "https://news.example.com/wp-content/uploads/2024/03/"
STORY = "<p>The city council voted on Tuesday to extend the tram line north, adding four stations and a bridge.</p>"


def element(markup: str) -> html.HtmlElement:
    return html.fragment_fromstring(markup)


def test_a_credit_element_is_split_from_the_caption() -> None:
    caption = element(
        '<figcaption class="wp-element-caption">Cranes lift the new span into place. '
        '<span class="photo-credit">Photo: Ali Khan</span></figcaption>'
    )
    assert split_caption(caption) == ("Cranes lift the new span into place.", "Ali Khan")


def test_a_credit_written_into_the_caption_is_split_off() -> None:
    caption = element("<figcaption>Commuters wait at the old terminus. (Jane Doe/Reuters)</figcaption>")
    assert split_caption(caption) == ("Commuters wait at the old terminus.", "Jane Doe/Reuters")
    assert split_caption(element("<figcaption>Commuters wait at the old terminus.</figcaption>")) == (
        "Commuters wait at the old terminus.",
        None,
    )
    assert split_caption(None) == (None, None)


def test_a_credit_element_before_the_caption_is_split_from_it() -> None:
    caption = element(
        '<figcaption><span class="credit">Ali Khan/AP</span> Cranes lift the new span into place.</figcaption>'
    )
    assert split_caption(caption) == ("Cranes lift the new span into place.", "Ali Khan/AP")


def test_a_short_last_part_of_the_caption_is_its_credit() -> None:
    caption = element(
        '<div class="caption"><span>The bridge over the river will carry trams and cyclists.</span>'
        "<span>Jane Doe</span></div>"
    )
    assert split_caption(caption) == ("The bridge over the river will carry trams and cyclists.", "Jane Doe")


def test_figures_holding_tables_or_quotes_are_no_image_figures() -> None:
    rows = "".join(
        f"<tr><td>Station {n}</td><td>Opens in spring {2025 + n}, after the bridge</td></tr>" for n in range(8)
    )
    root = html.document_fromstring(
        f'<html><body><figure class="wp-block-table"><table>{rows}</table></figure>'
        '<figure class="wp-block-image"><img src="/tram.jpg" alt="A tram"><figcaption>A tram</figcaption></figure>'
        '<figure class="wp-block-gallery"><figure class="a"><img src="/a.jpg"></figure>'
        '<figure class="b"><img src="/b.jpg"></figure></figure></body></html>'
    )
    # a gallery's figures are images of their own
    assert [figure.get("class") for figure in image_figures(root)] == ["wp-block-image", "a", "b"]


def test_detached_figures_leave_the_text_and_keep_their_captions() -> None:
    root = html.document_fromstring(
        f"<html><body><article>{STORY}"
        '<div class="photo"><figure><img src="/img/bridge.jpg"></figure>'
        '<div class="image-caption">The bridge at night.</div></div>'
        '<div class="media"><img src="/img/depot.jpg"><div class="caption">The depot at dawn.</div></div>'
        "</article></body></html>"
    )
    figures = detach_figures(root)
    assert [figure.caption.text_content() for figure in figures if figure.caption is not None] == [
        "The bridge at night.",
        "The depot at dawn.",
    ]
    assert root.xpath("//img") == []
    assert "The bridge at night." not in root.text_content()
    assert "four stations" in root.text_content()


def test_article_images_put_the_declared_lead_first_and_skip_other_images() -> None:
    root = html.document_fromstring(
        f'<html><head><meta property="og:image" content="{UPLOADS}tram-depot-1200x800.jpg"></head><body>'
        '<aside class="sidebar"><figure><img src="/wp-content/uploads/2024/02/weather-map.jpg">'
        "<figcaption>Weekend forecast</figcaption></figure></aside>"
        '<article><figure class="author-card"><img src="/wp-content/uploads/jane-doe.jpg">'
        '<figcaption><a rel="author" href="/author/jane-doe/">Jane Doe</a> <time>March 2, 2024</time>'
        "</figcaption></figure>"
        f'{STORY}<figure class="wp-block-image"><img src="{UPLOADS}bridge-works-800x533.jpg" alt="Cranes">'
        "<figcaption>Cranes lift the new span into place. Photo: Ali Khan</figcaption></figure>"
        f'<figure class="wp-block-image"><img src="{UPLOADS}tram-depot-800x533.jpg" width="800" height="533">'
        "<figcaption>The tram depot at dawn. (Jane Doe/Reuters)</figcaption></figure></article></body></html>"
    )
    metadata = read_metadata(root, URL)
    figures = detach_figures(root)
    region = root.xpath("//article")[0]
    images = article_images(figures, region, metadata, partial(join_url, URL))
    assert [(image["url"], image["caption"], image["credit"], image["lead"]) for image in images] == [
        (f"{UPLOADS}tram-depot-800x533.jpg", "The tram depot at dawn.", "Jane Doe/Reuters", True),
        (f"{UPLOADS}bridge-works-800x533.jpg", "Cranes lift the new span into place.", "Ali Khan", False),
    ]
    assert (images[0]["width"], images[0]["height"], images[1]["alt"]) == (800, 533, "Cranes")


def test_a_hero_image_above_the_article_counts_when_the_metadata_names_it() -> None:
    root = html.document_fromstring(
        f'<html><head><meta property="og:image" content="{UPLOADS}tram-depot.jpg"></head><body>'
        f'<div class="hero"><figure><img src="{UPLOADS}tram-depot-1600x900.jpg"><figcaption>The depot.</figcaption>'
        f"</figure></div><article>{STORY}</article></body></html>"
    )
    figures = detach_figures(root)
    images = article_images(figures, root.xpath("//article")[0], read_metadata(root, URL), partial(join_url, URL))
    assert [(image["url"], image["caption"], image["lead"]) for image in images] == [
        (f"{UPLOADS}tram-depot-1600x900.jpg", "The depot.", True)
    ]


def test_a_caption_in_a_grid_below_a_hero_image_is_its_caption() -> None:
    root = html.document_fromstring(
        '<html><body><div class="article-header"><img class="header-image" src="/img/tram-depot.jpg">'
        '<div class="container"><div class="row"><div class="col-12"><div class="image-caption">'
        "The depot at dawn. (Photo: Ana Lima)</div></div></div></div>"
        f"<article>{STORY * 3}</article></div></body></html>"
    )
    [figure] = detach_figures(root)
    assert figure.element.get("class") == "header-image"
    assert figure.caption is not None and figure.caption.text_content() == "The depot at dawn. (Photo: Ana Lima)"


def test_a_card_with_a_named_caption_inside_is_no_caption_of_the_image_beside_it() -> None:
    root = html.document_fromstring(
        '<html><body><article><div class="product"><div class="picture"><img src="/img/mouse.jpg"></div>'
        '<section class="box"><div class="specs"><div class="head"><div class="caption">Specifications</div></div>'
        '<div class="table"><div class="spec">Weight</div><div class="spec">68g</div></div></div></section>'
        f"</div>{STORY * 3}</article></body></html>"
    )
    assert [figure.caption for figure in detach_figures(root)] == []


def test_an_empty_caption_toggle_and_the_markups_indentation_leave_the_figure_its_caption() -> None:
    indent = "\n" + "\t" * 12
    root = html.document_fromstring(
        f"<html><body><article>{STORY}<figure class='article-body-image'>{indent * 20}"
        '<div class="image"><img src="/img/tram-depot.jpg"></div>'
        f'<button class="e-caption-trigger">{indent * 10}</button>{indent * 10}'
        f'<figcaption class="e-caption">{indent}The depot at dawn.{indent}</figcaption>{indent * 20}'
        "</figure></article></body></html>"
    )
    [figure] = detach_figures(root)
    assert figure.caption is not None and figure.caption.tag == "figcaption"


def test_wordpress_caption_boxes_are_figures_with_their_own_captions() -> None:
    def box(name: str, caption: str) -> str:
        return (
            f'<div class="wp-caption alignnone"><img class="size-full" src="{UPLOADS}{name}.jpg">'
            f'<p class="wp-caption-text">{caption}</p></div>'
        )

    root = html.document_fromstring(
        f"<html><body><article>{STORY}{box('depot', 'The depot at dawn.')}{STORY}"
        f"{box('bridge', 'The bridge at night.')}{STORY}</article></body></html>"
    )
    assert [
        (
            figure.element.find(".//img").get("src"),
            squash(figure.caption.text_content()) if figure.caption is not None else None,
        )
        for figure in detach_figures(root)
    ] == [
        (f"{UPLOADS}depot.jpg", "The depot at dawn."),
        (f"{UPLOADS}bridge.jpg", "The bridge at night."),
    ]


def test_a_box_of_text_named_after_its_caption_is_no_figure() -> None:
    root = html.document_fromstring(
        f'<html><body><article><div class="has-caption"><img src="{UPLOADS}depot.jpg">'
        f'<p class="caption">The depot at dawn.</p>{STORY * 4}</div></article></body></html>'
    )
    assert "has-caption" not in [figure.element.get("class") for figure in detach_figures(root)]


def test_a_caption_and_its_credit_in_a_grid_below_a_hero_image_are_found() -> None:
    root = html.document_fromstring(
        '<html><head><meta property="og:image" content="https://news.example.com/img/tram-depot.jpg"></head>'
        '<body><div class="article-header"><img class="header-image" src="/img/tram-depot.jpg">'
        '<div class="container"><div class="row"><div class="col-12"><div class="image-caption">The depot at dawn.'
        '</div><div class="image-credit">Ana Lima</div></div></div></div>'
        f"<article>{STORY * 3}</article></div></body></html>"
    )
    figures = detach_figures(root)
    images = article_images(figures, root.xpath("//article")[0], read_metadata(root, URL), partial(join_url, URL))
    assert [(image["caption"], image["credit"]) for image in images] == [("The depot at dawn.", "Ana Lima")]


def images_of(article: str) -> list[tuple[str, str | None, str | None]]:
    root = html.document_fromstring(f"<html><body><article>{STORY}{article}{STORY}</article></body></html>")
    figures = detach_figures(root)
    images = article_images(figures, root.xpath("//article")[0], read_metadata(root, URL), partial(join_url, URL))
    assert "tram depot" not in squash(root.xpath("//article")[0].text_content())
    return [(image["url"], image["caption"], image["credit"]) for image in images]


def test_a_caption_a_lightbox_shows_is_the_images_caption() -> None:
    fancybox = (
        f'<figure class="wp-block-image"><a href="{UPLOADS}depot.jpg" data-caption="The tram depot at dawn.'
        f' Photo: Ana Lima"><img src="{UPLOADS}depot-800x533.jpg"></a></figure>'
    )
    jetpack = (
        f'<figure class="wp-block-image"><img src="{UPLOADS}depot-800x533.jpg"'
        ' data-image-caption="&lt;p&gt;The tram depot at dawn.&lt;/p&gt;" data-credit="Ana Lima"></figure>'
    )
    expected = (f"{UPLOADS}depot-800x533.jpg", "The tram depot at dawn.", "Ana Lima")
    assert images_of(fancybox) == images_of(jetpack) == [expected]


def test_an_emphasised_line_after_an_image_and_a_line_break_is_its_caption() -> None:
    markup = f'<p><img src="{UPLOADS}depot-800x533.jpg"><br><em>The tram depot at dawn. (Photo: Ana Lima)</em></p>'
    assert images_of(markup) == [(f"{UPLOADS}depot-800x533.jpg", "The tram depot at dawn.", "Ana Lima")]


def test_a_credit_line_right_after_the_figure_is_its_credit_and_no_body_text() -> None:
    figure = f'<figure><img src="{UPLOADS}depot-800x533.jpg"><figcaption>The tram depot at dawn.</figcaption></figure>'
    named = f'{figure}<small class="image-credit">Ana Lima</small>'
    labelled = f"{figure}<p>Photo: Ana Lima</p>"
    expected = [(f"{UPLOADS}depot-800x533.jpg", "The tram depot at dawn.", "Ana Lima")]
    assert images_of(named) == images_of(labelled) == expected
    root = html.document_fromstring(f"<html><body><article>{STORY}{labelled}{STORY}</article></body></html>")
    detach_figures(root)
    assert "Ana Lima" not in root.text_content()


def test_a_byline_right_after_a_figure_is_no_credit() -> None:
    figure = f'<figure><img src="{UPLOADS}depot-800x533.jpg"><figcaption>The tram depot at dawn.</figcaption></figure>'
    assert images_of(f"{figure}<p>By Ana Lima</p>")[0][2] is None


def test_a_figure_showing_its_image_as_a_css_background_gives_that_image() -> None:
    root = html.document_fromstring(
        f'<html><body><article>{STORY}<figure><div class="hero" style="background-image: url(\'{UPLOADS}depot.jpg\')">'
        f"</div><figcaption>The tram depot at dawn.</figcaption></figure>{STORY}</article></body></html>"
    )
    strip_noise(root)
    figures = detach_figures(root)
    images = article_images(figures, root.xpath("//article")[0], read_metadata(root, URL), partial(join_url, URL))
    assert [(image["url"], image["caption"]) for image in images] == [
        (f"{UPLOADS}depot.jpg", "The tram depot at dawn.")
    ]


def test_the_lazy_loaders_attributes_name_the_image() -> None:
    for attribute in ("data-lazy", "data-image"):
        figure = (
            f'<figure><img {attribute}="{UPLOADS}depot.jpg"><figcaption>The tram depot at dawn.</figcaption></figure>'
        )
        assert images_of(figure) == [(f"{UPLOADS}depot.jpg", "The tram depot at dawn.", None)]
