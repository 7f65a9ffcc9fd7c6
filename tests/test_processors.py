"""Single-value processors of the loader: text cleaning, dates, languages, tags."""

from __future__ import annotations

import pytest

from newsspider.datetext import parse_date_text
from newsspider.processors import clean_text, iso_datetime, primary_language, section_text, tag_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Hello&nbsp;&amp;\n\t world ", "Hello & world"),
        ("<b>bold</b> text", "bold text"),
        ("\u200b", None),
        ("Bundes&shy;regierung\u200b und\u2060 \ufeffLänder", "Bundesregierung und Länder"),  # as text.squash
        ("👩\u200d🔬 می\u200cخواهم", "👩\u200d🔬 می\u200cخواهم"),  # joiners make emoji and words
        (None, None),
    ],
)
def test_clean_text(raw: str | None, expected: str | None) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-04-14T15:32:00Z", "2021-04-14T15:32:00+00:00"),
        ("2021-04-14T15:32:00.123+0200", "2021-04-14T15:32:00+02:00"),
        ("2024-03-05T11:20:00.000Z", "2024-03-05T11:20:00+00:00"),
        ("2021-04-14", "2021-04-14"),
        ("2021-04-14 15:32:00", "2021-04-14T15:32:00"),
        ("March 3, 2024", "2024-03-03"),
        ("14. April 2021 17:32", "2021-04-14T17:32:00"),
        ("PublishedFeb 2, 2023", "2023-02-02"),  # a template's label glued to the month
        ("UpdatedMarch 3, 2021 10:00", "2021-03-03T10:00:00"),
        ("not a date", None),
        ("0000-00-00", None),
    ],
)
def test_iso_datetime(raw: str, expected: str | None) -> None:
    assert iso_datetime(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [("en-GB", "en"), ("de_DE", "de"), ("FR", "fr"), ("x", None)])
def test_primary_language(raw: str, expected: str | None) -> None:
    assert primary_language(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Published 10:02 AM EST Nov 19, 2019", "2019-11-19T10:02:00-05:00"),
        ("19 Nov 2019 07:09 GMT", "2019-11-19T07:09:00+00:00"),
        ("sexta-feira, 22 de outubro de 2010 às 20:13", "2010-10-22T20:13:00"),
        ("Fr, 17 Mai 2019 13:38:23 MESZ", "2019-05-17T13:38:23+02:00"),
        ("28. Dezember 2022", "2022-12-28"),
        ("10/05/2022 05:22 pm", None),  # day or month first? Neither number says: not guessed here
        ("25/05/2022", "2022-05-25"),
        ("2022-05-04T03:00:00 UTC", "2022-05-04T03:00:00+00:00"),
    ],
)
def test_dates_written_out_are_read_without_dateparser(raw: str, expected: str | None) -> None:
    parsed = parse_date_text(raw)
    assert (parsed.isoformat() if parsed else None) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Category: Life", "Life"),
        ("NLP Category: Politics", "Politics"),
        ("Wine Guy", "Wine Guy"),
        ("8ae9ab2d-fe1b-4230-acb8-a59b52877682", None),
        ("cityherald.com", None),
        ("Node.js", "Node.js"),
        ("x" * 81, None),
        ("105726154", None),
        ("https://www.cityherald.com/topics/transport", None),
        ("G7", "G7"),
        ("1&1", "1&1"),
        ("2", None),
        ("Fussball-WM 2026", "Fussball-WM 2026"),
    ],
)
def test_tag_text(raw: str, expected: str | None) -> None:
    assert tag_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Politics", "Politics"),
        ("Arts, Culture", "Arts, Culture"),
        ("Health, Science, U.S. News, Weather", "Health"),
        ("Epidemiology; Elderly; Vaccines", "Epidemiology"),
        ("https://www.cityherald.com/category/transport/", None),
        ("The council voted on Tuesday to extend the tram line north to the new depot.", None),
        ("  ", None),
    ],
)
def test_section_text(raw: str, expected: str | None) -> None:
    assert section_text(raw) == expected
