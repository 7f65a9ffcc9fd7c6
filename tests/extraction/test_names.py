"""Bylines and names (newsspider.extraction.names): labels, roles, date tails and organisations."""

from __future__ import annotations

import pytest

from newsspider.extraction.names import person_name, printed_byline, split_names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe, John Roe and Mary Major", ["Jane Doe", "John Roe", "Mary Major"]),
        ("By Jane Doe | Updated 3:45 p.m. ET, March 3, 2024", ["Jane Doe"]),
        ("Jane Doe, Senior Reporter", ["Jane Doe"]),
        ("Von Max Müller und Erika Musterfrau", ["Max Müller", "Erika Musterfrau"]),
        ("By Jonathan Van Dyke and Ana de la Cruz on March 3, 2024", ["Jonathan Van Dyke", "Ana de la Cruz"]),
        ("Submitted by Amara Mensah on Thu, 03/07/2024 - 13:05", ["Amara Mensah"]),
        ("By Amara Mensah @amaramensah and Ali Khan @alikhan", ["Amara Mensah", "Ali Khan"]),
        ("By Amara Mensah Twitter Email", ["Amara Mensah"]),
        ("admin", []),
        ("By Staff Writers", []),
        ("jane@example.com", []),
    ],
)
def test_split_names_drops_labels_roles_and_date_tails(byline: str, names: list[str]) -> None:
    assert split_names(byline) == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        pytest.param(
            "By Ana Lima, Tom Berg and Chloé Martin", ["Ana Lima", "Tom Berg", "Chloé Martin"], id="comma-and"
        ),
        pytest.param("Anna Schmidt und Jonas Weber", ["Anna Schmidt", "Jonas Weber"], id="german-und"),
        pytest.param("Par Claire Dubois et Marc Petit", ["Claire Dubois", "Marc Petit"], id="french-par-et"),
        pytest.param("By Ana Lima, Political Editor", ["Ana Lima"], id="role-after-comma"),
        pytest.param("By Ana Lima and Tom Berg, Staff Writers", ["Ana Lima", "Tom Berg"], id="shared-role"),
        pytest.param("By Ana Lima | Updated 2 hours ago", ["Ana Lima"], id="updated-hours-ago"),
        pytest.param("By Ana Lima, Published March 3, 2024 5:12 p.m.", ["Ana Lima"], id="published-tail"),
        pytest.param("Ana Lima Updated 12:40 PM EST", ["Ana Lima"], id="updated-time"),
        pytest.param("ana.lima@cityherald.example", [], id="e-mail"),
        pytest.param("By admin", [], id="admin"),
        pytest.param("City Herald Newsroom", [], id="newsroom"),
        pytest.param("Stadtwerke Musterstadt GmbH", [], id="company"),
        pytest.param("Verband Deutscher Verkehrsunternehmen", [], id="association"),
        pytest.param("By Ana Lima and AFP", ["Ana Lima"], id="person-and-agency"),
        pytest.param("By Ana Lima ana.lima@cityherald.example", ["Ana Lima"], id="name-then-e-mail"),
        pytest.param("박서연 기자 seoyeon@example.kr", ["박서연"], id="korean-reporter-and-e-mail"),
        pytest.param("박서연 기자, 정하늘 특파원", ["박서연", "정하늘"], id="korean-two-names"),
        pytest.param("佐藤花子記者", ["佐藤花子"], id="japanese-reporter"),
        pytest.param("Ana Lima (Content Manager)", ["Ana Lima"], id="role-in-brackets"),
        pytest.param("Northwind Media (northwind.example)", [], id="company-with-its-web-address"),
        pytest.param("Ana Lima @ Northwind", ["Ana Lima"], id="at-her-company"),
        pytest.param("Tom Berg as told to Ana Lima", ["Ana Lima"], id="as-told-to"),
    ],
)
def test_split_names_across_languages_desks_and_organisations(byline: str, names: list[str]) -> None:
    assert split_names(byline) == names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Peter Lindqvist 6 March 2024", "By Peter Lindqvist"),
        ("Priya Raman Mar 5, 2024 • 4 min read", "Priya Raman"),
        ("By Jane Doe and John Roe", "By Jane Doe and John Roe"),
    ],
)
def test_printed_byline_keeps_by_and_drops_dates(raw: str, expected: str) -> None:
    assert printed_byline(raw) == expected


@pytest.mark.parametrize(
    ("raw", "printed"),
    [
        pytest.param("By Ana Lima | Updated 2 hours ago", "By Ana Lima", id="updated-tail"),
        pytest.param("By Ana Lima, Senior Reporter", "By Ana Lima", id="role"),
        pytest.param("By Ana Lima, Staff", "By Ana Lima", id="staff-after-a-name"),
        pytest.param("By Ana Lima, Diplomatic Correspondent", "By Ana Lima", id="a-role-of-two-words"),
        pytest.param("By Ana Lima Contributions from Tom Berg", "By Ana Lima", id="contributors"),
        pytest.param("By Ana Lima 2 hours ago", "By Ana Lima", id="relative-time"),
        pytest.param("Von Jonas Weber vor 3 Stunden", "Von Jonas Weber", id="relative-time-german"),
        pytest.param("By Ana Lima, Tom Berg and Chloé Martin", "By Ana Lima, Tom Berg and Chloé Martin", id="names"),
        pytest.param("By The Metro Team", "By The Metro Team", id="a-team-is-a-desk"),
        pytest.param("Metro Desk", "Metro Desk", id="a-desk"),
        pytest.param("By Ana Lima and Tom Berg • 5 min read", "By Ana Lima and Tom Berg", id="reading-time"),
        pytest.param(
            "By Ana Lima Ana Lima Ana Lima is a reporter covering transport", "By Ana Lima", id="author-card-after"
        ),
        pytest.param("Ana Lima Ana is the paper's food editor", "Ana Lima", id="bio-by-first-name"),
        pytest.param("By Ana Lima and Ana Costa", "By Ana Lima and Ana Costa", id="two-people-one-first-name"),
        pytest.param("Von Jana Roth, Jana Berg", "Von Jana Roth, Jana Berg", id="listed-with-a-comma"),
    ],
)
def test_printed_byline(raw: str, printed: str) -> None:
    assert printed_byline(raw) == printed


def test_person_name_rejects_organisations_and_roles() -> None:
    assert person_name("Reuters Staff") is None
    assert person_name("The Associated Press") is None
    assert person_name("Sacha Woodward") == "Sacha Woodward"
