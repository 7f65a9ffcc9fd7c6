"""Splitting a caption from its photo credit: every label, sign and separator, and captions that name none."""

from __future__ import annotations

import pytest
from lxml import html

from newsspider.extraction.credits import clean_credit, is_credit_like, printed_caption, split_credit
from newsspider.extraction.media import split_caption

CAPTION = "Firefighters at the depot on Monday."


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        pytest.param(f"{CAPTION} © Ana Lima", "Ana Lima", id="copyright-sign"),
        pytest.param(f"{CAPTION} (c) Ana Lima", "Ana Lima", id="copyright-c"),
        pytest.param(f"{CAPTION} Photo: Ana Lima/City Herald", "Ana Lima/City Herald", id="photo-label"),
        pytest.param(f"{CAPTION} (Photo: Ana Lima/City Herald)", "Ana Lima/City Herald", id="photo-label-in-brackets"),
        pytest.param(f"{CAPTION} Photo by Ana Lima", "Ana Lima", id="photo-by"),
        pytest.param(f"{CAPTION} Photograph: Ana Lima", "Ana Lima", id="photograph-label"),
        pytest.param(f"{CAPTION} Image: Northwind Pictures", "Northwind Pictures", id="image-label"),
        pytest.param(f"{CAPTION} Credit: Ana Lima", "Ana Lima", id="credit-label"),
        pytest.param(f"{CAPTION} Photo credit: Ana Lima", "Ana Lima", id="photo-credit-label"),
        pytest.param(f"{CAPTION} Foto: Jonas Feld", "Jonas Feld", id="foto-label"),
        pytest.param(f"{CAPTION} Bild: Jonas Feld", "Jonas Feld", id="bild-label"),
        pytest.param(f"{CAPTION} Bildrechte: Jonas Feld", "Jonas Feld", id="bildrechte-label"),
        pytest.param(f"{CAPTION} Quelle: Stadtwerke", "Stadtwerke", id="quelle-label"),
        pytest.param(f"{CAPTION} | Jonas Feld", "Jonas Feld", id="pipe"),
        pytest.param(
            f"{CAPTION} © Funkhaus Bilddienst | Jonas Feld",
            "Funkhaus Bilddienst | Jonas Feld",
            id="copyright-then-pipe",
        ),
        pytest.param(f"{CAPTION} AFP via Getty Images", "AFP via Getty Images", id="agency-via"),
        pytest.param(f"{CAPTION} REUTERS/Ana Lima", "REUTERS/Ana Lima", id="agency-slash-photographer"),
        pytest.param("Feuerwehrleute am Depot /dpa", "dpa", id="slash-agency"),
        pytest.param(f"{CAPTION} (Ana Lima/Northwind)", "Ana Lima/Northwind", id="bracketed-names"),
        pytest.param(f"{CAPTION} (AFP)", "AFP", id="bracketed-agency"),
        pytest.param("Firefighters at the depot on Monday.Getty Images", "Getty Images", id="glued-agency"),
        pytest.param(f"{CAPTION} EPA-EFE/ANA LIMA", "EPA-EFE/ANA LIMA", id="joint-agency-slash-photographer"),
        pytest.param(f"Foto: Jonas Feld | {CAPTION}", "Jonas Feld", id="labelled-credit-first"),
        pytest.param(f"{CAPTION} — Ana Lima/Bloomberg", "Ana Lima/Bloomberg", id="dash-then-agency"),
        pytest.param(f"{CAPTION} © 2024 Ana Lima", "Ana Lima", id="copyright-year"),
        pytest.param(f"{CAPTION} Crédit photo : Ana Lima", "Ana Lima", id="credit-photo-label"),
        pytest.param(f"{CAPTION} Illustration: Ana Lima", "Ana Lima", id="illustration-label"),
        pytest.param(f"{CAPTION} (Courtesy of Northwind Pictures)", "Northwind Pictures", id="courtesy-of"),
        pytest.param(f"{CAPTION} Foto ANP", "ANP", id="bare-foto-before-agency"),
        pytest.param(f"{CAPTION} Fot. PAP/Anna Nowak", "PAP/Anna Nowak", id="polish-fot"),
        pytest.param(f"{CAPTION} (Φωτ.: Ελένη Παππά)", "Ελένη Παππά", id="greek-label"),
        pytest.param(f"{CAPTION} تصوير: سارة علي", "سارة علي", id="arabic-label"),
        pytest.param(f"{CAPTION} (फोटो: पीटीआई)", "पीटीआई", id="hindi-label"),
        pytest.param(f"{CAPTION} Ảnh: Lan Anh", "Lan Anh", id="vietnamese-label"),
        pytest.param(f"{CAPTION} Фото: Иван Петров", "Иван Петров", id="russian-label"),
        pytest.param(f"{CAPTION} Fotoğraf: Ayşe Kaya", "Ayşe Kaya", id="turkish-label"),
        pytest.param(f"{CAPTION} 写真：共同通信", "共同通信", id="japanese-label-full-width-colon"),
        pytest.param(f"{CAPTION} 사진: 김민준 기자", "김민준 기자", id="korean-label"),
        pytest.param(f"{CAPTION} Bildquelle: Stadtwerke", "Stadtwerke", id="bildquelle-label"),
        pytest.param(f"{CAPTION} Credit...Ana Lima/City Herald", "Ana Lima/City Herald", id="credit-ellipsis-label"),
        pytest.param(f"{CAPTION} Photo… Ana Lima", "Ana Lima", id="photo-ellipsis-character"),
        pytest.param(f"{CAPTION} Photo via Northwind Pictures", "Northwind Pictures", id="photo-via"),
        pytest.param(
            f"Photo: {CAPTION} The crews trained there for a week. Photograph by Ana Lima.",
            "Ana Lima",
            id="a-label-opening-the-caption-and-a-credit-closing-it",
        ),
        pytest.param(f"{CAPTION} Ana Lima/Getty Images via AFP", "Ana Lima/Getty Images via AFP", id="images-via"),
    ],
)
def test_the_credit_is_split_from_the_caption(text: str, credit: str) -> None:
    caption, found = split_credit(text)
    assert found == credit
    if text.startswith("Photo: "):
        assert caption == f"Photo: {CAPTION} The crews trained there for a week."
    else:
        assert caption == ("Feuerwehrleute am Depot" if text.startswith("Feuerwehr") else CAPTION)


def test_a_dash_that_goes_on_with_the_sentence_does_not_open_the_credit() -> None:
    text = "Crews rest between shifts – if the fire allows it. Ana Lima/Northwind via Getty Images"
    assert split_credit(text) == (
        "Crews rest between shifts – if the fire allows it.",
        "Ana Lima/Northwind via Getty Images",
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Ana Lima (left) and Tom Berg at the depot on Monday.", id="bracketed-note"),
        pytest.param("Die Ministerin am Dienstag in Berlin. (Archivbild)", id="bracketed-archive"),
        pytest.param(
            "The source: a leaked memo that the council had kept from its members for almost two years,"
            " as the inquiry found",
            id="label-word-in-a-long-sentence",
        ),
        pytest.param("A store on Wednesday. The chain runs 214 supermarkets.", id="two-sentences"),
        pytest.param("The new depot — a first for the city", id="dash-inside-the-sentence"),
        pytest.param("Lisbon/Porto", id="two-places-slashed"),
    ],
)
def test_a_caption_without_a_credit_is_left_whole(text: str) -> None:
    assert split_credit(text) == (text, None)


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        pytest.param("(AP Photo/Ana Lima)", "AP Photo/Ana Lima", id="bracketed-agency-photo"),
        pytest.param("AP Photo/Ana Lima", "AP Photo/Ana Lima", id="agency-photo"),
        pytest.param("Getty Images / Ana Lima", "Getty Images / Ana Lima", id="agency-slash-photographer"),
        pytest.param("Ana Lima, ASSOCIATED PRESS", "Ana Lima, ASSOCIATED PRESS", id="photographer-comma-agency"),
        pytest.param("Ana Lima via Getty Images", "Ana Lima via Getty Images", id="photographer-via-agency"),
        pytest.param("Credit...Ana Lima/City Herald", "Ana Lima/City Herald", id="label-first"),
        pytest.param("AFP", "AFP", id="agency-alone"),
        pytest.param("Ana Lima/City Herald", "Ana Lima/City Herald", id="photographer-slash-outlet"),
        pytest.param("Tom de Berg / Studio Nord", "Tom de Berg / Studio Nord", id="spaced-slash"),
    ],
)
def test_a_caption_that_is_all_credit_is_the_credit(text: str, credit: str) -> None:
    assert split_credit(text) == (None, credit)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Reporters outside the AP office in Boston", id="agency-named-in-a-sentence"),
        pytest.param("Ana Lima, the mayor, at Reuters headquarters", id="lower-case-words-of-a-sentence"),
    ],
)
def test_a_caption_naming_an_agency_in_its_sentence_is_no_credit(text: str) -> None:
    assert split_credit(text) == (text, None)


def test_a_caption_of_names_keeps_its_separated_agency_apart() -> None:
    """A separator says where the caption ends: the names before it are the people shown."""
    assert split_credit("Mayor Ana Lima / AFP") == ("Mayor Ana Lima", "AFP")


@pytest.mark.parametrize("separator", ["—", "–", "|", "/", "Foto:", "Quelle:", "©"])
def test_a_separator_left_dangling_at_the_end_is_no_part_of_the_caption(separator: str) -> None:
    """The credit it introduced sits in an element of its own: "<p>Fans outside —</p><span>Ana Lima</span>"."""
    assert split_credit(f"{CAPTION} {separator}") == (CAPTION, None)


@pytest.mark.parametrize(
    ("raw", "credit"),
    [
        ("(Photo: Ana Lima/The Demo Herald)", "Ana Lima/The Demo Herald"),
        ("Foto: dpa", "dpa"),
        ("© dpa", "dpa"),
        ("Photo by Jean Roe / Postmedia News", "Jean Roe / Postmedia News"),
        ("By City Transport", "City Transport"),
        ("Pool / Reuters", "Pool / Reuters"),
        ("Фото ТАСС", "ТАСС"),
        ("Ana Lima (Pool)", "Ana Lima (Pool)"),
        ("(Ana Lima (Pool))", "Ana Lima (Pool)"),
        ("(Getty Images / Getty Images)", "Getty Images"),
        ("Bild © Jonas Feld/Stadtwerke", "Jonas Feld/Stadtwerke"),
        ("Photograph by Ana Lima.", "Ana Lima"),
        ("Ana Lima, Northwind Pictures Inc.", "Ana Lima, Northwind Pictures Inc."),
        ("2022", None),
        ("   ", None),
    ],
)
def test_clean_credit(raw: str, credit: str | None) -> None:
    assert clean_credit(raw) == credit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Getty Images", True),
        ("Ana Lima", True),
        ("Foto: Jonas Feld", True),
        ("The chain runs 214 supermarkets.", False),
        ("a long line of lower-case words that reads as text", False),
    ],
)
def test_is_credit_like(text: str, expected: bool) -> None:
    assert is_credit_like(text) is expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        pytest.param(
            '<figcaption>The depot. <span class="credit">Photo by Ana Lima</span> /'
            '<span class="distributor">City Wire</span></figcaption>',
            ("The depot.", "Ana Lima / City Wire"),
            id="credit-element-and-what-follows",
        ),
        pytest.param(
            "<figcaption><span>The depot at dawn.</span><span>Getty Images</span></figcaption>",
            ("The depot at dawn.", "Getty Images"),
            id="last-part-in-its-own-element",
        ),
        pytest.param(
            "<figcaption>The depot, <em>seen from the bridge</em></figcaption>",
            ("The depot, seen from the bridge", None),
            id="emphasis-is-no-credit",
        ),
        pytest.param(
            "<figcaption>The depot at dawn. © Ana Lima</figcaption>",
            ("The depot at dawn.", "Ana Lima"),
            id="credit-in-the-text",
        ),
        pytest.param(
            f'<figcaption> <span class="text-sm"><span class="mr-2">{CAPTION}</span>'
            '<span class="text-xxs">Ana Lima/City Herald</span></span> </figcaption>',
            (CAPTION, "Ana Lima/City Herald"),
            id="last-part-inside-a-wrapper",
        ),
        pytest.param(
            '<figcaption><p>The depot at dawn. (Photo courtesy of City Transport)<span class="image-credit">'
            "Photo courtesy of City Transport</span></p></figcaption>",
            ("The depot at dawn.", "City Transport"),
            id="credit-printed-twice",
        ),
        pytest.param(
            f'<div class="credit-caption"><div class="caption"><p>{CAPTION} <b class="credit">Ana Lima/City Herald'
            '</b> <b class="hide-caption">hide caption</b></p></div> <b class="toggle-caption">toggle caption</b>'
            ' <span class="credit">Ana Lima/City Herald</span></div>',
            (CAPTION, "Ana Lima/City Herald"),
            id="credit-printed-again-after-the-captions-controls",
        ),
        pytest.param(
            f'<div class="image-info"><small class="t-info">{CAPTION}</small>'
            '<small class="t-info">&#169; Ana Lima</small></div>',
            (CAPTION, "Ana Lima"),
            id="the-caption-and-its-credit-in-two-smalls",
        ),
        pytest.param(
            '<p class="caption-and-attribution"><span class="image-attribution">ana.lima/Getty Images</span></p>',
            (None, "ana.lima/Getty Images"),
            id="a-caption-that-is-only-its-attribution",
        ),
        pytest.param(
            f'<div class="attribution">{CAPTION} <span class="credit">Photo: Ana Lima</span></div>',
            (CAPTION, "Ana Lima"),
            id="an-attribution-box-around-the-credit-is-the-caption",
        ),
        pytest.param(
            '<figcaption><span class="caption-copyright">All rights reserved</span>'
            '<span class="caption-credit">Northwind</span></figcaption>',
            (None, "All rights reserved Northwind"),
            id="a-named-copyright-element-is-no-caption",
        ),
    ],
)
def test_split_caption_element(markup: str, expected: tuple[str, str | None]) -> None:
    assert split_caption(html.fragment_fromstring(markup)) == expected


def test_a_share_bar_closing_a_caption_is_no_credit() -> None:
    markup = f'<figcaption><span>{CAPTION}</span><div class="share-links"><span>Share</span></div></figcaption>'
    assert split_caption(html.fragment_fromstring(markup))[1] is None


def test_a_galleries_slide_counter_is_no_part_of_the_caption() -> None:
    assert split_credit("[1/5]Firefighters at the depot on Tuesday.") == ("Firefighters at the depot on Tuesday.", None)
    assert split_credit("9/11 memorial lights seen from the bridge.") == (
        "9/11 memorial lights seen from the bridge.",
        None,
    )


def test_a_labelled_credit_first_ends_at_the_first_separator_before_the_caption() -> None:
    assert split_credit(f"Foto: Jonas Feld | {CAPTION} // Archiv") == (f"{CAPTION} // Archiv", "Jonas Feld")
    assert split_credit("Foto: Jonas Feld | Lizenz: CC BY 4.0") == (None, "Jonas Feld | Lizenz: CC BY 4.0")


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        ("The first tram crosses the bridge.", "The first tram crosses the bridge."),
        ("Lisbon", "Lisbon"),
        ("Covid-19", "Covid-19"),
        ("3", None),
        ("+2", None),
        ("**", None),
        ("https://www.example.com/news/2024/03/02/tram.html", None),
        ("dp3_1_en", None),
        ("tram-depot-east", None),
        ("w0814f16207251046833", None),
        (None, None),
    ],
)
def test_a_counter_a_url_or_a_file_name_is_no_caption(text: str | None, caption: str | None) -> None:
    assert printed_caption(text) == caption
