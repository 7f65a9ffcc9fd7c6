"""Text helpers: mojibake decoded again, clean text of every script left as it is."""

from __future__ import annotations

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252": cp1252 as browsers read it)
import pytest

from newsspider.text import without_mojibake


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
