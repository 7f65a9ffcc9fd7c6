"""Text helpers: mojibake decoded again, layout-only characters left out, clean text of every script kept."""

from __future__ import annotations

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252": cp1252 as browsers read it)
import pytest

from newsspider import extract_article
from newsspider.text import squash, without_mojibake


def mangled(text: str, codec: str) -> str:
    """The text as a CMS writes it that reads its UTF-8 in `codec`."""
    return text.encode("utf-8").decode(codec)


@pytest.mark.parametrize("codec", ["latin-1", "sloppy-windows-1252"])
@pytest.mark.parametrize(
    "text",
    [
        "The Earth’s warmest decade",
        "“We lost half our customers,” says José Araújo",
        "Fundação — 50 anos",
        "Die Straße ist gesperrt",
        "Price:\u00a0€20 © 2024",
    ],
)
def test_double_encoded_text_is_decoded_again(text: str, codec: str) -> None:
    assert mangled(text, codec) != text
    assert without_mojibake(mangled(text, codec)) == text


@pytest.mark.parametrize(
    "text",
    [
        "«Le café» est fermé, dit-elle — à tort.",
        "SÃO PAULO, the Paulistas’ city",
        "Straße, naïve, Ærø, İstanbul, Łódź",
        "Москва, 東京, القاهرة",
        "It’s “quoted” and curly…",
    ],
)
def test_clean_text_is_left_as_it_is(text: str) -> None:
    assert without_mojibake(text) == text


def test_a_page_is_mended_word_by_word_and_its_markup_left_as_it_is() -> None:
    script = "var a=" + "x" * 5000 + ";"  # a minified script: one long word with nothing to mend
    page = (
        f'<html><head><script>{script}</script></head><body><p class="lede">It’s “open”.</p>'
        '<img alt="Café du Port" src="/a.jpg"><p>Der Straßenbau beginnt.</p></body></html>'
    )
    mended = without_mojibake(mangled(page, "sloppy-windows-1252"))
    assert mended == page


def test_squash_leaves_out_the_characters_that_only_guide_the_layout() -> None:
    assert squash(" Bundes\u00adregierung\u200b und\u2060 \ufeffLänder ") == "Bundesregierung und Länder"
    assert squash("👩\u200d🔬 می\u200cخواهم") == "👩\u200d🔬 می\u200cخواهم"  # joiners make emoji and words


def test_soft_hyphens_and_zero_width_spaces_are_no_part_of_the_article() -> None:
    words = "Die Bundes&shy;regierung will die Lkw-&#8203;Maut bis zum Jahres&shy;ende verdoppeln, sagte sie."
    page = (
        "<html lang='de'><head><title>Maut&shy;erhöhung</title></head><body><article><h1>Maut&shy;erhöhung</h1>"
        + f"<p>{words}</p>" * 3
        + "</article></body></html>"
    )
    item = extract_article(page, "https://zeitung.example.de/2024/05/maut.html")
    assert item is not None
    assert item["title"] == "Mauterhöhung"
    assert (
        item["body"].split("\n\n")[0]
        == "Die Bundesregierung will die Lkw-Maut bis zum Jahresende verdoppeln, sagte sie."
    )
