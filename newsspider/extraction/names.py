"""Bylines and the names in them: the vocabulary of bylines (labels, roles, organisation words) and the
rules that tell a person's name from a desk, an agency or a sentence.

The loader's byline and author processors (printed_byline, split_names, person_name) live here, beside the
rules they apply; people.py finds the byline on the page.
"""

from __future__ import annotations

import re
from typing import Any

from newsspider.extraction.credits import AGENCY
from newsspider.processors import clean_text

# "By", "Written by", "Von" ... in the languages the corpora and users meet most.
BYLINE_PREFIX = re.compile(
    r"^\s*(?:"
    r"(?:view|see|show)\s+all\s+(?:posts|articles|stories)\s+by|(?:zeige\s+)?alle\s+(?:beiträge|artikel)\s+von|"
    r"(?:alles|mehr|articles?|posts?|a\s+note)\s+(?:von|by|from|de|par)|"  # links to the author's other pages
    r"(?:written|posted|submitted|words|reporting|text|story|photos?|published|updated|created)"
    r"(?:\s+on\s+.{1,40}?)?\s+by|"  # "Posted on September 21, 2020 by"
    r"(?:(?:ein|blog)\s+)?(?:geschrieben|gespeichert|veröffentlicht|verfasst|erstellt|eingestellt|beitrag|artikel|"
    r"text(?:\s*(?:&|und)\s*fotos?)?|interview)\s*(?:von|:)|"  # German labels: "Gespeichert von", "Text & Fotos:"
    r"(?:publié|écrit|rédigé|publicado|escrito|pubblicato|scritto)\s+(?:par|por|da)|"
    r"by|von|par|por|di|door|av|af|de|texto|text|autor(?:in|en)?|authors?|auteur|reporter)(?:(?<=:)|\b)\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
# Everything from these words on is a date or a status, not a name.
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
BYLINE_TAIL = re.compile(
    rf"""\s*(?:
        [|•·](?=[^|•·]*\d)                       # a separator before the date or reading time
      | \b\d+\s*min(?:ute)?s?\s+read\b          # "4 min read"
      | \b\d+\s+(?:second|minute|hour|day|week|month)s?\s+ago\b.*$  # "2 hours ago"
      | \bvor\s+\d+\s+(?:sekunden|minuten|stunden|tagen|wochen)\b.*$  # "vor 3 Stunden"
      | \b{MONTH}\s+\d{{1,2}}\b.*$                # "Mar 5, 2024"
      | (?-i:(?:January|February|March|April|May|June|July|August|September|October|November|December)
        \s+\d{{1,2}}\b.*$)                        # "...OkaforJanuary 18": a date glued to the name
      | \b\d{{1,2}}\.?\s+{MONTH}(?:\s|$).*$       # "6 March"
      | \b(?:updated|published|posted|last\ modified|aktualisiert|veröffentlicht|on|am|le|el)\b
        \s*[\d:,.A-Za-z\ ]*\d.*$                 # "Updated 3:45 p.m. March 3", "on Thu, 03/07/2024"
      | (?<=[^\W\d_])\d{{1,2}}\.\s.*$               # "Nicole Collignon22. Februar": a date glued to the name
      | ,?\s*\b(?:datum|date|fecha)\s*:.*$           # "Author: Jane Doe, Datum: 03.Mär.19"
      | \b(?:alle|all|mehr|more)\s+(?:artikel|beiträge|posts|articles|stories)\b.*$  # a link to the author's page
      | \s(?:alles|mehr|more)\s+(?:von|by|from)\s.*$  # "Jane Doe Alles von Jane Doe": the same link
      | \s[-–—]\s.*$                              # "Jane Doe - Chrome Security team": a note after a dash
      | \s(?:twitter|facebook|linkedin|instagram|bluesky|mastodon|threads|e-?mail|rss|follow)\b.*$
                                                  # "Jane Doe Twitter": the labels of her profile links
      | \s[|/]?\s*(?:fotos?|photos?|bilder?|photography|fotografie)\s*:.*$  # "Text: Jane Doe | Fotos: John Roe"
      | \s(?:mit\ material|with\ (?:additional\ )?reporting|(?:with\ )?contributions?\ (?:from|by))\b.*$
                                                  # "Von Jane Doe mit Material von dpa", "... Contributions from X"
      | \s*(?:기자|특파원|記者|记者|特派員)(?=$|[\s,·=/])  # a reporter's title after a CJK name
      | \s+[\w.+-]+@[\w-]+\.[\w.]+.*$               # "Jane Doe jane.doe@example.com"
      | \s@\s.*$                                 # "Jane Doe @ Northwind": where she works
      | \s\([^().]*\)$                          # "Jane Doe (Content Manager)": a role in brackets
                                                  # (not a web address: "Northwind (northwind.com)" is a company)
      | \b\d{{1,2}}[:./]\d{{2}}.*$                 # a time or a numeric date
      | \b(?:19|20)\d{{2}}\b.*$                    # a year
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# "Jane Roe as told to Ana Lima": the first-person story of one, written by the other.
AS_TOLD_TO = re.compile(r"^.*?\bas told to\s+", re.IGNORECASE)
# Korean, Japanese and Chinese names are written without a space: one word in a list of names is a person.
CJK_NAME = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,5}")
BYLINE_LINE_MAX = 150  # characters of a byline line with its date; a longer line is a sentence
# A social handle printed after a name ("Jane Doe @janedoe and John Roe @jroe").
SOCIAL_HANDLE = re.compile(r"\s*(?<!\S)@\w{2,}")  # not the "@" of an e-mail address
# "e" is Italian/Portuguese "and", but not the "e." of "e.V.".
NAME_SEPARATORS = re.compile(
    r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b(?!\.)|\ben\b|\bog\b|\bwith\b)\s*", re.IGNORECASE
)
AGENCY_AT_END = re.compile(AGENCY.pattern + r"\W*$")
ROLE_WORDS = frozenset(
    """
    staff writer writers reporter reporters correspondent correspondents editor editors columnist
    contributor contributors journalist journalists photographer photographers producer analyst chief
    senior bureau desk team newsroom redaktion redakteur admin administrator webmaster guest associated
    press agency wire staffs opinion news online digital the
""".split()
)
# Role words that end a desk's own name ("The Upwork Team", "Metro Desk") rather than follow a person's.
DESK_NAME_ENDS = frozenset({"team", "desk", "newsroom"})
# Words of organisation names: an author holding one is a company, an association or a desk, not a person.
ORGANISATION_WORDS = frozenset(
    """
    gmbh ag e.v. ev inc ltd llc corp plc srl verlag verband bundesverband stiftung gesellschaft verein
    institut abteilung ministerium agentur agencia agence agency redacción redaccion redazione rédaction presse
    zeitung foundation company group gruppe webteam
""".split()
)
# A login name: one word, maybe with digits, dots or underscores ("c1ph4", "Herr_Rein", "fri.juli").
HANDLE = re.compile(r"[^\W_][\w.\-]{1,29}", re.UNICODE)
# A lower-case letter followed by a capital inside a word: once is a name ("McDonald"), more is text run together.
GLUED_WORDS = re.compile(r"[a-zß-ÿ][A-ZÀ-Þ]")
WEB_ADDRESS = re.compile(r"https?:|www\.|\.(?:com|net|org|de|at|ch|fr|es|it|eu|info|io|co|uk)$", re.IGNORECASE)
NAME_PARTICLES = frozenset(
    """
    van von de da del der den la le bin al ibn di du dos das ter ten zu y
""".split()
)


def printed_byline(value: Any) -> str | None:
    """A byline as printed ("By Jane Doe"), without the date, reading time or status after it."""
    text = clean_text(value)
    if not text:
        return None
    words = _before_repeated_name(BYLINE_TAIL.sub("", SOCIAL_HANDLE.sub("", text)).strip(" ,;:-–—|").split())
    # "... and Mary Major Staff writers"; but "By Associated Press" names the agency that wrote it, and "By The
    # Upwork Team" the desk
    printed = len(words)
    while (
        words
        and words[-1].lower().strip(".,") in ROLE_WORDS - DESK_NAME_ENDS
        and not AGENCY_AT_END.search(" ".join(words))
    ):
        words.pop()
    byline = " ".join(words)
    head, comma, last = byline.rpartition(",")
    if len(words) < printed and comma and len(last.split()) == 1:
        byline = head  # "By Jane Doe, Diplomatic Correspondent": the role's first word too
    return byline.strip(" ,;:-–—|") or None


def _before_repeated_name(words: list[str]) -> list[str]:
    """The byline's words before its first name is printed again: what follows is an author card's name and
    bio ("By Jane Doe Jane Doe Jane Doe is a writer covering ...", "Jane Doe Jane is the food editor")."""
    label = BYLINE_PREFIX.match(" ".join(words))
    start = len(label.group(0).split()) if label else 0
    if len(words) < start + 3:
        return words
    first = words[start]
    if not first[:1].isupper():  # no name comes first
        return words
    for index in range(start + 2, len(words)):
        joined = NAME_SEPARATORS.fullmatch(words[index - 1]) or words[index - 1].endswith((",", ";"))
        if words[index] == first and not joined:  # "Jane Doe and Jane Roe" names two people
            return words[:index]
    return words


def strip_byline(value: Any) -> str | None:
    """Reduce a printed byline to its names: no "By", no date or "Updated" tail."""
    text = clean_text(value)
    if not text:
        return None
    text = AS_TOLD_TO.sub("", text)
    text = SOCIAL_HANDLE.sub("", BYLINE_PREFIX.sub("", text.lstrip(" ~-–—")))  # "~ Jane Doe", "-- by Jane Doe"
    text = BYLINE_TAIL.sub("", text)
    return text.strip(" ,;:-–—|") or None


def is_byline_line(text: str) -> bool:
    """Whether a line is a byline: "By" or its like, then people's names or agencies and maybe a date, nothing
    else."""
    if len(text) > BYLINE_LINE_MAX or not BYLINE_PREFIX.match(text):
        return False
    parts = [part for part in map(strip_byline, NAME_SEPARATORS.split(strip_byline(text) or "")) if part]
    return bool(parts) and all(person_name(part) or AGENCY.fullmatch(part) for part in parts)


def split_names(value: Any) -> list[str]:
    """Split "A, B and C" into its names, dropping roles.

    In a list of several, a single word is a place, a desk or half of a company name ("Kirche und Leben,
    Münster"), not a person; a single word alone may be a login or pen name.
    """
    text = strip_byline(value)
    if not text:
        return []
    parts = [part for part in map(strip_byline, NAME_SEPARATORS.split(text)) if part]
    names = [part for part in parts if person_name(part)]
    return names if len(parts) == 1 else [name for name in names if is_full_name(name)]


def is_full_name(name: str) -> bool:
    """More than one word, or a Korean, Japanese or Chinese name (written without a space): not a login."""
    return " " in name or bool(CJK_NAME.fullmatch(name))


def person_name(value: Any) -> str | None:
    """Keep a value that looks like a person's name: a few capitalised words or one login name; no roles,
    organisations, digits or e-mail."""
    text = clean_text(value)
    if not text or len(text) > 60 or re.search(r"[@<>{}=#:]", text) or WEB_ADDRESS.search(text):
        return None
    words = text.split()
    if not 1 <= len(words) <= 5 or any(_is_role_word(word) for word in words):
        return None
    if len(words) == 1:
        # a login name may be lower case or hold digits, but a lone capitalised acronym is an agency ("AFP")
        # and up to three lower-case letters are an editor's initials ("red", "cpm")
        initials = len(text) <= 3 and text.isalpha() and text.islower()
        if initials or text.isupper() or not HANDLE.fullmatch(text) or not re.search(r"[^\W\d_]", text):
            return None
        return text
    if re.search(r"[\d_]", text) or not all(_looks_like_name_word(word) for word in words):
        return None
    if any(len(GLUED_WORDS.findall(word)) > 1 for word in words):  # "HoeltmannFollowTransformations..."
        return None
    if any(len(word) > 4 and word.endswith(".") for word in words[:-1]):  # a sentence, not "Dr." or "J."
        return None
    acronym = len(words[0]) > 1 and words[0].isalpha() and words[0].isupper()
    if acronym and not text.isupper():  # "EFC Bayrische Bembel", "BBC News": an organisation
        return None
    return text


def _is_role_word(word: str) -> bool:
    """A role or an organisation word; "e.V." keeps its inner dots, "Inc." loses the last one."""
    bare = word.lower().strip(",;:()")
    return bare.strip(".") in ROLE_WORDS or bare in ORGANISATION_WORDS or bare.strip(".") in ORGANISATION_WORDS


def _looks_like_name_word(word: str) -> bool:
    first = word.lstrip("'\"(")[:1]
    return bool(first) and (word.lower() in NAME_PARTICLES or (first.isalpha() and not first.islower()))
