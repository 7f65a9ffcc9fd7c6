"""The page's language: as the markup or metadata declares it, else guessed from the body's common words."""

from __future__ import annotations

import pytest
from lxml import html

from newsspider.extraction.language import declared_language, guess_language
from newsspider.extraction.structured import read_metadata

ENGLISH = (
    "The city council voted on Tuesday to extend the tram line to the northern districts. The plan, which was "
    "first proposed in 2014, adds four stations and a bridge over the river. Work is expected to start in the "
    "spring and to take about three years, the transport office said in a statement."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag die Verlängerung der Straßenbahn in den Norden beschlossen. Die Pläne sehen "
    "vier neue Haltestellen und eine Brücke über den Fluss vor. Mit dem Bau soll im Frühjahr begonnen werden, "
    "teilte das Verkehrsamt mit. Die Anwohner warten seit zehn Jahren auf die Linie, die auch den Bahnhof anbindet."
)
FRENCH = (
    "Le conseil municipal a voté mardi le prolongement du tramway vers les quartiers nord. Le projet prévoit "
    "quatre nouvelles stations et un pont sur la rivière. Les travaux doivent commencer au printemps et durer "
    "environ trois ans, selon le service des transports, qui a présenté le calendrier dans un communiqué."
)
RUSSIAN = (
    "Городской совет во вторник проголосовал за продление трамвайной линии в северные районы. План "
    "предусматривает четыре новые станции и мост через реку. Работы начнутся весной и продлятся около трёх "
    "лет, сообщили в транспортном управлении города."
)
JAPANESE = (
    "市議会は火曜日、路面電車の路線を北部地区まで延伸する計画を承認した。"
    "新しい駅が四つと川に架かる橋が建設される予定で、工事は春に始まる。"
)


def declared(document: str) -> str | None:
    root = html.document_fromstring(document)
    return declared_language(root, read_metadata(root, "https://news.example.com/2024/03/02/tram.html"))


def test_the_html_lang_attribute_comes_first() -> None:
    page = (
        '<html lang="de-AT"><head><meta property="og:locale" content="en_US">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "inLanguage": "fr"}</script>'
        "</head><body><p>Text</p></body></html>"
    )
    assert declared(page) == "de-AT"


def test_json_ld_in_language_comes_before_meta_tags() -> None:
    page = (
        '<html><head><meta property="og:locale" content="en_US">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "inLanguage": "fr-FR"}</script>'
        "</head><body><p>Text</p></body></html>"
    )
    assert declared(page) == "fr-FR"


def test_a_meta_tag_declares_the_language_when_nothing_else_does() -> None:
    page = '<html><head><meta property="og:locale" content="es_ES"></head><body><p>Hola</p></body></html>'
    assert declared(page) == "es_ES"
    assert declared("<html><head></head><body><p>Text</p></body></html>") is None


@pytest.mark.parametrize(
    ("text", "language"), [(ENGLISH, "en"), (GERMAN, "de"), (FRENCH, "fr"), (RUSSIAN, "ru"), (JAPANESE, "ja")]
)
def test_the_language_of_a_paragraph_is_guessed(text: str, language: str) -> None:
    assert guess_language(text) == language


def test_a_few_words_are_too_few_to_guess_from() -> None:
    assert guess_language("Council backs tram extension") is None
    assert guess_language(None) is None
