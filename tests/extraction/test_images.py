"""The image model: the largest size of each image, one entry per image, the lead reconciled with the metadata."""

from __future__ import annotations

import json
from typing import Any

import pytest
from lxml import html

from newsspider import extract_article
from newsspider.extraction.images import identity, image_in

URL = "https://news.example.com/2024/03/02/tram-extension.html"
STORY = "".join(
    f"<p>{text}</p>"
    for text in (
        "The city council voted on Tuesday to extend the tram line north, adding four stations and a bridge.",
        "Work is due to start in the spring, the transport office said, and should take about three years.",
        "Residents of the northern districts have waited a decade for the line, which the council first promised.",
    )
)


def images_of(body: str, head: str = "") -> list[dict[str, Any]]:
    document = (
        f"<!doctype html><html lang='en'><head><title>Council backs tram extension</title>{head}</head>"
        f"<body>{body}</body></html>"
    )
    item = extract_article(document, URL)
    assert item is not None
    return list(item["images"])


def jsonld(image: dict[str, Any]) -> str:
    node = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Council backs tram extension",
        "image": image,
    }
    return f'<script type="application/ld+json">{json.dumps(node)}</script>'


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://cdn.example.com/2024/03/tram-600x400.jpg", "https://cdn.example.com/2024/03/tram-1200x800.jpg"),
        ("https://cdn.example.com/w450/news/tram-depot.jpg.webp", "https://cdn.example.com/w1000/news/tram-depot.jpg"),
        ("https://cdn.example.com/img/tram_320.jpeg?q=80", "https://cdn.example.com/img/tram_1280.jpeg?q=90"),
        # size, crop and quality tokens in the file name
        ("https://cdn.example.com/img/tram-depot-s1200.jpg", "https://cdn.example.com/img/tram-depot-s1800-c85.webp"),
    ],
)
def test_size_versions_share_an_identity(first: str, second: str) -> None:
    assert identity(first) == identity(second) != ""


def test_different_images_keep_apart() -> None:
    assert identity("https://cdn.example.com/2024/03/tram-depot.jpg") != identity(
        "https://cdn.example.com/2024/03/bridge-works.jpg"
    )


def test_a_short_file_name_takes_its_folder() -> None:
    assert identity("https://cdn.example.com/stories/tram-depot/1.jpg") == "tram-depot/1"


def test_the_largest_srcset_candidate_is_the_url() -> None:
    picture = html.fragment_fromstring(
        '<picture><source type="image/webp" srcset="/img/tram-480.webp 480w, /img/tram-1600.webp 1600w">'
        '<img src="/img/tram-800.jpg" srcset="/img/tram-800.jpg 800w, /img/tram-960.jpg 960w" alt="A tram"'
        ' width="800" height="533"></picture>'
    )
    image = image_in(picture, lambda url: "https://news.example.com" + url)
    assert image is not None
    assert (image.url, image.alt, image.width, image.height) == (
        "https://news.example.com/img/tram-1600.webp",
        "A tram",
        800,
        533,
    )


def test_lazy_placeholders_are_not_the_image() -> None:
    img = html.fragment_fromstring('<img src="/static/placeholder.png" data-src="/img/tram-depot.jpg">')
    image = image_in(img, lambda url: "https://news.example.com" + url)
    assert image is not None and image.url == "https://news.example.com/img/tram-depot.jpg"


def test_one_entry_per_image_with_every_field() -> None:
    body = (
        "<article><h1>Council backs tram extension</h1>"
        '<figure><img src="https://cdn.example.com/tram-800x533.jpg" srcset="https://cdn.example.com/'
        'tram-800x533.jpg 800w, https://cdn.example.com/tram-1600x1066.jpg 1600w" alt="A tram at the depot">'
        "<figcaption>A tram at the depot. Photo: Ana Lima</figcaption></figure>"
        f'{STORY}<noscript><img src="https://cdn.example.com/tram-800x533.jpg"></noscript></article>'
    )
    images = images_of(body)
    assert images == [
        {
            "url": "https://cdn.example.com/tram-1600x1066.jpg",
            "caption": "A tram at the depot.",
            "credit": "Ana Lima",
            "alt": "A tram at the depot",
            "width": None,
            "height": None,
            "lead": True,
        }
    ]


def test_the_metadata_lead_comes_first_and_lends_its_credit() -> None:
    body = (
        "<article><h1>Council backs tram extension</h1>"
        '<figure><img src="https://cdn.example.com/map-1200.png"><figcaption>The planned route.</figcaption>'
        "</figure>"
        + STORY
        + '<figure><img src="https://cdn.example.com/depot-1200.jpg"><figcaption>The depot.</figcaption>'
        "</figure></article>"
    )
    head = jsonld(
        {"@type": "ImageObject", "url": "https://cdn.example.com/depot-2000.jpg", "creditText": "Ana Lima/City Herald"}
    )
    images = images_of(body, head)
    assert [(image["url"], image["credit"], image["lead"]) for image in images] == [
        ("https://cdn.example.com/depot-1200.jpg", "Ana Lima/City Herald", True),
        ("https://cdn.example.com/map-1200.png", None, False),
    ]


def test_a_hero_above_the_headline_counts_when_the_metadata_names_it() -> None:
    body = (
        '<header class="hero"><figure><img src="https://cdn.example.com/tram-hero-1600.jpg">'
        "<figcaption>The first tram crosses the bridge.</figcaption>"
        '<span class="hero__credit">Photo: Ana Lima</span></figure></header>'
        f"<article><h1>Council backs tram extension</h1>{STORY}</article>"
        '<aside class="sidebar"><figure><img src="https://cdn.example.com/weather.jpg"><figcaption>Weather'
        "</figcaption></figure></aside>"
    )
    head = '<meta property="og:image" content="https://cdn.example.com/tram-hero-1200.jpg">'
    [lead] = images_of(body, head)
    assert (lead["url"], lead["caption"], lead["credit"]) == (
        "https://cdn.example.com/tram-hero-1600.jpg",
        "The first tram crosses the bridge.",
        "Ana Lima",
    )


def test_the_og_image_alt_is_split_into_caption_and_credit() -> None:
    """A wire story's alt text ends with the credit in brackets: the caption without it, the credit apart."""
    body = f"<article><h1>Council backs tram extension</h1>{STORY}</article>"
    head = (
        '<meta property="og:image" content="https://cdn.example.com/tram-hero-1200.jpg">'
        '<meta property="og:image:alt" content="The first tram crosses the bridge. (AP Photo/Ana Lima)">'
    )
    [lead] = images_of(body, head)
    assert (lead["caption"], lead["credit"]) == ("The first tram crosses the bridge.", "AP Photo/Ana Lima")


def test_inline_images_count_and_portraits_and_icons_do_not() -> None:
    body = (
        "<article><h1>Council backs tram extension</h1>"
        '<div class="byline"><img class="avatar" src="https://cdn.example.com/ana-lima.jpg">By Ana Lima</div>'
        f'{STORY}<p><img src="https://cdn.example.com/route-map.png" width="900" height="600"></p>'
        '<p><img src="https://cdn.example.com/pixel.gif" width="1" height="1"></p></article>'
    )
    assert [image["url"] for image in images_of(body)] == ["https://cdn.example.com/route-map.png"]


def test_a_figure_of_an_icon_or_a_teasers_thumbnail_is_no_article_image() -> None:
    body = (
        "<article><h1>Council backs tram extension</h1>"
        '<figure><img src="https://cdn.example.com/logo.png" width="142" height="32"><figcaption>Blog</figcaption>'
        f"</figure>{STORY}"
        '<figure><img src="https://cdn.example.com/route-map.png" width="900" height="600">'
        "<figcaption>The new route.</figcaption></figure>"
        '<figure><img src="https://cdn.example.com/teaser.jpg" width="72" height="72">'
        "<figcaption>Fire at the depot</figcaption></figure></article>"
    )
    images = images_of(body)
    assert [(image["url"], image["lead"]) for image in images] == [("https://cdn.example.com/route-map.png", True)]


def test_the_sites_logos_icons_and_placeholders_are_no_article_images_by_their_address() -> None:
    """No size declared: the file name or its folder says what the image is."""
    body = (
        '<article><h1>Council backs tram extension</h1><p><img src="/img/print-header-logo.png"></p>'
        f'{STORY}<p><img src="/static/icons/user.svg"> <img src="/assets/1x1.png"></p>'
        '<p><img src="/uploads/2024/03/tram-logos-on-the-depot-wall.jpg"></p>'
        '<p><img src="/crops/1x1-640/route-map.jpg"></p></article>'
    )
    assert [image["url"] for image in images_of(body)] == [
        "https://news.example.com/uploads/2024/03/tram-logos-on-the-depot-wall.jpg",
        "https://news.example.com/crops/1x1-640/route-map.jpg",
    ]


def test_a_caption_after_a_captionless_figure_is_its_caption() -> None:
    body = (
        '<article><h1>Council backs tram extension</h1><div class="media">'
        '<figure><img src="https://cdn.example.com/tram-depot.jpg"></figure>'
        '<figcaption class="media-caption"><span>The depot at dawn.</span> <span>Ana Lima</span></figcaption>'
        f"</div>{STORY}</article>"
    )
    [lead] = images_of(body)
    assert (lead["caption"], lead["credit"]) == ("The depot at dawn.", "Ana Lima")


def test_a_byline_portrait_in_a_figure_is_no_article_image() -> None:
    body = (
        "<article><h1>Council backs tram extension</h1>"
        '<figure><img src="https://cdn.example.com/authors/ana-lima.jpg"><figcaption><address>Von '
        '<a rel="author" href="/autoren/ana-lima/">Ana Lima</a></address><time datetime="2024-03-02">'
        "02.03.2024</time></figcaption></figure>"
        '<figure><img src="https://cdn.example.com/tram-depot.jpg"><figcaption>The depot.</figcaption></figure>'
        f"{STORY}</article>"
    )
    assert [image["url"] for image in images_of(body)] == ["https://cdn.example.com/tram-depot.jpg"]


def test_an_image_inside_a_lightbox_button_is_the_figures_image() -> None:
    body = (
        "<article><h1>Council backs tram extension</h1>"
        '<figure><button type="button" aria-label="Enlarge"><img src="https://cdn.example.com/tram-depot.jpg">'
        "</button><figcaption>The depot at dawn. Photo: Ana Lima</figcaption></figure>"
        f"{STORY}</article>"
    )
    [lead] = images_of(body)
    assert (lead["url"], lead["caption"], lead["credit"]) == (
        "https://cdn.example.com/tram-depot.jpg",
        "The depot at dawn.",
        "Ana Lima",
    )


def test_files_named_alike_with_different_captions_are_different_images() -> None:
    # the CMS names every file after the story and tells the images apart by a folder id
    def figure(folder: str, caption: str) -> str:
        return (
            f'<figure><img src="https://cdn.example.com/{folder}/sizes/768/Tram%20extension">'
            f"<figcaption>{caption}</figcaption></figure>"
        )

    body = (
        "<article><h1>Council backs tram extension</h1>"
        + figure("a1b2c3", "The depot at dawn.")
        + STORY
        + figure("d4e5f6", "The planned bridge.")
        + "</article>"
    )
    assert [image["caption"] for image in images_of(body)] == ["The depot at dawn.", "The planned bridge."]


def test_a_lazy_loaders_noscript_fallback_is_the_figures_image_and_a_noscript_pixel_is_none() -> None:
    body = (
        "<article><h1>Council backs tram extension</h1>"
        '<figure><div class="lazy-image" data-src="https://cdn.example.com/tram-depot-480.jpg">'
        '<noscript><img src="https://cdn.example.com/tram-depot-480.jpg" alt="The depot"></noscript></div>'
        "<figcaption>The depot at dawn.</figcaption></figure>"
        f'{STORY}<noscript><img src="https://stats.example.net/pixel?site=1"></noscript></article>'
    )
    assert [(image["url"], image["caption"]) for image in images_of(body)] == [
        ("https://cdn.example.com/tram-depot-480.jpg", "The depot at dawn.")
    ]


def test_a_credit_attribute_is_one_credit_whatever_its_slashes() -> None:
    body = (
        "<article><h1>Council backs tram extension</h1>"
        '<figure><img src="https://cdn.example.com/tram-depot.jpg" data-credit="Ana Lima / AFP">'
        f"<figcaption>The depot at dawn.</figcaption></figure>{STORY}</article>"
    )
    [lead] = images_of(body)
    assert lead["credit"] == "Ana Lima / AFP"


def test_screen_reader_labels_are_no_part_of_a_caption_or_its_credit() -> None:
    body = (
        "<article><h1>Council backs tram extension</h1>"
        '<figure><img src="https://cdn.example.com/tram-depot.jpg"><figcaption>'
        '<span class="visually-hidden">Image caption, </span>The depot at dawn. '
        '<span class="credit"><span class="sr-only">Credit...</span>Ana Lima</span>'
        f"</figcaption></figure>{STORY}</article>"
    )
    [lead] = images_of(body)
    assert (lead["caption"], lead["credit"]) == ("The depot at dawn.", "Ana Lima")


def test_an_agency_line_printed_over_the_image_is_its_credit() -> None:
    body = (
        "<article><h1>Council backs tram extension</h1><figure><div>"
        '<span role="text"><span class="visually-hidden">Image source, </span>Getty Images</span>'
        '<img src="https://cdn.example.com/tram-depot.jpg"></div>'
        f"<figcaption>The depot at dawn.</figcaption></figure>{STORY}</article>"
    )
    [lead] = images_of(body)
    assert (lead["caption"], lead["credit"]) == ("The depot at dawn.", "Getty Images")


def test_captions_that_differ_in_a_full_stop_are_one_image_and_an_icon_button_is_none() -> None:
    body = (
        "<article><h1>Council backs tram extension</h1>"
        '<figure><img src="https://cdn.example.com/a1/tram-depot.jpg"><figcaption>The depot at dawn</figcaption>'
        '</figure><figure><img src="https://cdn.example.com/b2/tram-depot.jpg"><figcaption>The depot at dawn.'
        f'</figcaption></figure>{STORY}<button class="next"><img src="https://cdn.example.com/arrow-next.png">'
        "</button></article>"
    )
    assert [image["url"] for image in images_of(body)] == ["https://cdn.example.com/a1/tram-depot.jpg"]


def test_a_gallerys_figures_are_images_of_their_own() -> None:
    body = (
        '<article><h1>Council backs tram extension</h1><figure class="wp-block-gallery">'
        '<figure class="wp-block-image"><img src="https://cdn.example.com/tram-depot.jpg">'
        "<figcaption>The depot at dawn.</figcaption></figure>"
        '<figure class="wp-block-image"><img src="https://cdn.example.com/river-bridge.jpg">'
        f"<figcaption>The bridge at night.</figcaption></figure></figure>{STORY}</article>"
    )
    assert [(image["url"], image["caption"]) for image in images_of(body)] == [
        ("https://cdn.example.com/tram-depot.jpg", "The depot at dawn."),
        ("https://cdn.example.com/river-bridge.jpg", "The bridge at night."),
    ]
