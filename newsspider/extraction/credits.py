"""Splitting a caption's text from its photo credit: labels, copyright signs, separators, agency suffixes."""

from __future__ import annotations

import re

from newsspider.text import BARE_URL, squash

# A credit is short: a longer tail after a separator is more caption.
CREDIT_MAX_WORDS = 14
CREDIT_MAX_CHARS = 120

# Labels that open a credit, in the languages of the pages we read: "Photo: X", "Foto: X", "Bild: X",
# "Bildrechte: X", "Credit: X", "Quelle: X", "Photo by X", "© X".
CREDIT_LABEL = (
    r"(?:(?:photo(?:graph)?s?|images?|pictures?|fotos?|bild(?:er|rechte|quellen?)?|credits?|crédits?|sources?|quelle"
    r"|copyright|illustrations?|grafik"
    # the same label in other scripts and languages: Polish "Fot.", Greek, Arabic, Hindi, Vietnamese, Russian
    # and Ukrainian, Bulgarian, Turkish, Japanese, Korean, Chinese
    r"|fot\.?|φωτ(?:ογραφία)?\.?|تصوير|صورة|फोटो|ảnh|фото|снимка|fotoğraf|写真|사진|图片?)(?:\s+(?:credits?|photos?))?"
    r"\s*(?:[:：]|\.{3}|…)"  # "Credit: X", and "Credit...X" as some CMSs print it
    r"|(?:photo(?:graph)?|picture|image)s?\s+(?:by|via|courtesy(?:\s+of)?|credits?)\b|courtesy(?:\s+of)?\b"
    r"|fot\.(?=\s)|©(?:\s*(?:19|20)\d{2}\b)?|\(c\)(?=\s))"  # "© 2024 Jane Doe": the year is no part of the name
)
# The label where a credit starts inside a caption; the credit runs to the end.
CREDIT_LABEL_AT = re.compile(rf"(?:^|(?<=[\s(\[|/–—.,;]))[(\[]?{CREDIT_LABEL}\s*", re.IGNORECASE)
LABELLED_CREDIT = re.compile(rf"{CREDIT_LABEL_AT.pattern}(?P<credit>.+)$", re.IGNORECASE)
# The same label at the start of a credit already split off, to be removed; there a bare "By" is one too.
LEADING_LABEL = re.compile(rf"^\s*[(\[]?\s*(?:{CREDIT_LABEL}|by\b)\s*", re.IGNORECASE)

# Photo agencies and picture desks: a caption's tail naming one is its credit ("... AFP via Getty Images",
# "... Foto: dpa", "REUTERS/Jane Doe"). Matched as whole words, case as the agencies write themselves.
AGENCIES = (
    "AAP",
    "ABACA",
    "AFP",
    "ANP",
    "ANSA",
    "AP",
    "APA",
    "Associated Press",
    "ASSOCIATED PRESS",
    "Alamy",
    "Bloomberg",
    "Cuartoscuro",
    "dpa",
    "DPA",
    "EFE",
    "EPA",
    "EPA-EFE",  # the two agencies' joint credit
    "Getty Images",
    "iStock",
    "iStockphoto",
    "IMAGO",
    "imago",
    "Keystone",
    "KEYSTONE",
    "NurPhoto",
    "PA",
    "PA Images",
    "PA Wire",
    "picture alliance",
    "picture-alliance",
    "Reuters",
    "REUTERS",
    "Shutterstock",
    "SIPA",
    "Sipa",
    "TASS",
    "Xinhua",
    "ZUMA",
    "Zuma",
)
AGENCY = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, AGENCIES)) + r")(?![\w-])")
# Lower-case words a credit line itself holds ("AFP via Getty Images", "Photo courtesy of Jane Doe").
CREDIT_WORDS = frozenset({"via", "photo", "photos", "courtesy", "file", "images", "staff"})
CREDIT_PARTS = re.compile(r"\s+[/|;]\s+")  # between the credits of a picture ("Getty Images / Jane Doe")
CREDIT_WORD_BREAKS = re.compile(r"[\s/,;|]+")  # between the words of a credit ("AP Photo/Jane Doe, File")
# Where a caption's sentence ends and a tail may begin; also with no space when the markup glued two
# elements ("...unterstützen.Getty Images").
SENTENCE_END = re.compile(r"[.!?…](?:[\"”’»)]*)\s*(?=[^\s.])")
# "(Jane Doe/Agency)" or "(AFP)" closing a caption.
TRAILING_BRACKETS = re.compile(r"\s*[(\[](?P<credit>[^()\[\]]{2,100})[)\]]\s*$")
# "... am See /dpa": an agency after a spaced slash closing the caption.
SLASHED_AGENCY = re.compile(r"\s/\s?(?P<credit>[^/]{2,60}(?:/[^/]{1,60})?)$")
# "caption | credit" and "caption // credit" with spaces around the separator.
SEPARATORS = (" | ", " // ")
# "caption — Jane Doe/Agency": a dash separates a credit only when what follows names an agency or a desk
# ("/"), as a dash inside a caption's sentence is common.
DASHES = (" — ", " – ")
# The full stop that closes a credit written as a sentence ("Photograph by Jane Doe."), not an abbreviation's
# ("Jr.", "Inc.").
SENTENCE_STOP = re.compile(r"(?<=\w{4})\.$")
# "Foto ANP", "Bild © Jane Doe": a bare label word before a credit, as Dutch, Nordic, German and Russian
# captions write it.
BARE_LABEL = re.compile(r"^(?i:photo|foto|bild|фото)\s+(?=[A-ZÀ-ÞА-ЯЁ©])")
# "Fans outside the stadium —", "Fans outside the stadium. Foto:": what introduced a credit printed apart
DANGLING_SEPARATOR = re.compile(rf"(?:^|\s+)(?:[|/–—]+|{CREDIT_LABEL})$", re.IGNORECASE)
# A photographer's credit in its usual form, "Jane Doe/Agency" or "Jan de Vries / Outlet": a name of two or
# three capitalised words (a particle between them), a slash, and the outlet's name.
NAME_SLASH_OUTLET = re.compile(
    r"[A-ZÀ-Þ][\w'.-]+(?: (?:[a-z]{1,3} )?[A-ZÀ-Þ][\w'.-]+){1,2} ?/ ?[A-ZÀ-Þ\d][\w&'.-]*(?: [A-ZÀ-Þ\w&'.-]+){0,3}"
)
# What a caption's place may hold that is no caption: a counter or a symbol ("3", "+2", "*"), a URL, or a
# file name that an alt or title attribute repeats ("dp3_1_en", "fitness-journey").
HAS_WORDS = re.compile(r"[^\W\d_]{2}")
URL_OR_FILE_NAME = re.compile(rf"{BARE_URL.pattern}|[a-z0-9]+(?:[-_][a-z0-9]+)+|[a-z]*\d[a-z0-9]*")
# A gallery's slide counter printed before each caption ("[1/5]Police at the scene"); brackets required, as
# a caption may begin with a date ("9/11 memorial").
SLIDE_COUNTER = re.compile(r"^[\[(]\d{1,3}\s*/\s*\d{1,3}[\])]\s*")


def split_credit(text: str | None) -> tuple[str | None, str | None]:
    """(caption, credit) of a caption's text; the credit is None when the text names none."""
    text = SLIDE_COUNTER.sub("", squash(text or ""))
    # a caption that is all credit is the last reading: a label or a separator inside it says where it splits
    for split in (_labelled, _separated, _dashed, _bracketed, _agency_tail, _credit_only):
        found = split(text)
        if found is not None:
            caption, credit = found
            return caption.strip(" |/–—-,;") or None, clean_credit(credit)
    # a separator left dangling at the end: the credit it introduced is printed in an element of its own
    return DANGLING_SEPARATOR.sub("", text) or None, None


def printed_caption(text: str | None) -> str | None:
    """The caption, unless it is a counter, a URL or a file name."""
    if not text or not HAS_WORDS.search(text) or URL_OR_FILE_NAME.fullmatch(text):
        return None
    return text


def clean_credit(value: str | None) -> str | None:
    """A credit without its label, brackets and separators: "(Photo: Jane Doe/AP)" -> "Jane Doe/AP"."""
    text = squash(value or "")
    while (stripped := LEADING_LABEL.sub("", BARE_LABEL.sub("", text, count=1), count=1)) != text:
        text = stripped
    text = _unbracketed(text.strip("[] |/–—-,;:"))
    text = SENTENCE_STOP.sub("", text)
    return _once(text) if HAS_WORDS.search(text) else None  # a number ("5", "2022") credits nobody


def _once(credit: str) -> str:
    """A credit that the page prints twice over, "Getty Images / Getty Images", once."""
    parts = [part.strip() for part in CREDIT_PARTS.split(credit)]
    return parts[0] if len(parts) > 1 and len(set(parts)) == 1 else credit


def _unbracketed(text: str) -> str:
    """The text without the brackets around it or left open by a label cut off ("Jane Doe/AP)"), the ones it
    holds kept ("Jane Doe (Pool)")."""
    if text.startswith("(") and text.endswith(")") and text[1:-1].count("(") == text[1:-1].count(")"):
        text = text[1:-1]
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    return text.strip(" |/–—-,;:")


def is_credit_like(text: str) -> bool:
    """Whether a short text reads as a credit rather than a sentence: it names an agency or a label, or is a
    few capitalised words without a sentence's end."""
    text = squash(text)
    if not text or len(text) > CREDIT_MAX_CHARS or len(text.split()) > CREDIT_MAX_WORDS:
        return False
    if AGENCY.search(text) or LEADING_LABEL.match(text):
        return True
    words = text.split()
    return (
        len(words) <= 6
        and not text.endswith((".", "!", "?", ":"))
        and all(word[0].isupper() or not word[0].isalpha() or len(word) <= 3 for word in words)
    )


def _credit_only(text: str) -> tuple[str, str] | None:
    """A caption that is all credit: an agency with names and credit words only ("(AP Photo/Jane Doe)",
    "Getty Images / Jane Doe", "Jane Doe, ASSOCIATED PRESS"), no words of a sentence around it, or a
    photographer and an outlet ("Jane Doe/Netflix")."""
    inner = text[1:-1] if text[:1] in "([" and text[-1:] in ")]" else text
    if not is_credit_like(inner):
        return None
    if NAME_SLASH_OUTLET.fullmatch(inner):
        return "", inner
    if not AGENCY.search(inner):
        return None
    return None if _has_sentence_words(inner) else ("", inner)


def _has_sentence_words(text: str) -> bool:
    """Whether a text holds the lower-case words of a sentence, which a credit line does not ("if you don't
    overdo it"), besides the words credits use ("via", "courtesy")."""
    words = CREDIT_WORD_BREAKS.split(text)
    return any(word.islower() and len(word) > 3 and word not in CREDIT_WORDS for word in words)


def _short(credit: str) -> bool:
    """Short enough to be a credit, not the rest of a sentence."""
    return 2 <= len(credit) <= CREDIT_MAX_CHARS and len(credit.split()) <= CREDIT_MAX_WORDS


def _labelled(text: str) -> tuple[str, str] | None:
    """A credit after a label ("... Photo: Jane Doe"), or before the caption ("Foto: Jane Doe | Caption").
    The first label whose credit is short counts, and past the first only one that opens a sentence: the
    first may open the caption itself ("Photo: A moth on a flower. Photograph by Jane Doe"). A label inside
    an agency's name ("Getty Images via AFP") is none."""
    agencies = [match.span() for match in AGENCY.finditer(text)]
    for index, match in enumerate(CREDIT_LABEL_AT.finditer(text)):
        credit = text[match.end() :]
        if not credit or any(start <= match.start() < end for start, end in agencies):
            continue
        if index and not text[: match.start()].rstrip().endswith((".", "!", "?", "…")):
            break
        if match.start() == 0:  # a credit first: it ends at the first separator when a caption follows it
            cut = min((found for found in map(credit.find, SEPARATORS) if found > 0), default=-1)
            rest = credit[cut:].strip(" |/")
            if cut > 0 and not is_credit_like(rest):
                return rest, credit[:cut]
        if _short(credit):
            return text[: match.start()], credit
    return None


def _separated(text: str) -> tuple[str, str] | None:
    """A credit after the caption's last " | " or " // "."""
    cut = max(text.rfind(separator) for separator in SEPARATORS)
    if cut <= 0 or not _short(text[cut:].strip(" |/")):
        return None
    return text[:cut], text[cut:]


def _dashed(text: str) -> tuple[str, str] | None:
    """A credit after the caption's last spaced dash, when it names an agency or a desk."""
    cut = max(text.rfind(dash) for dash in DASHES)
    tail = text[cut:].strip(" –—") if cut > 0 else ""
    if not tail or not _short(tail) or not ("/" in tail or AGENCY.search(tail)) or not is_credit_like(tail):
        return None
    if _has_sentence_words(tail):  # the dash went on with the caption's sentence, and its end holds the credit
        return None
    return text[:cut], tail


def _bracketed(text: str) -> tuple[str, str] | None:
    """A credit in brackets closing the caption: "(Jane Doe/Reuters)", "(AFP)"."""
    match = TRAILING_BRACKETS.search(text)
    if match is None or match.start() == 0:
        return None
    credit = match.group("credit")
    # a slash between names ("Jane Doe/Agency") or an agency marks a credit; "(Archive)" or "(l.)" is caption
    if "/" not in credit and not AGENCY.search(credit):
        return None
    return text[: match.start()], credit


def _agency_tail(text: str) -> tuple[str, str] | None:
    """An agency closing the caption: after a spaced slash ("... /dpa"), or as the text after its last
    sentence ("... on Monday. AFP via Getty Images")."""
    slashed = SLASHED_AGENCY.search(text)
    if slashed is not None and AGENCY.search(slashed.group("credit")):
        return text[: slashed.start()], slashed.group("credit")
    ends = list(SENTENCE_END.finditer(text))
    if not ends:
        return None
    tail = text[ends[-1].end() :]
    if not _short(tail) or not AGENCY.search(tail) or not is_credit_like(tail):
        return None
    return text[: ends[-1].end()], tail
