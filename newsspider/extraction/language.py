"""The page's language: declared in markup or metadata, else guessed from the body's common words."""

from __future__ import annotations

import re
from collections import Counter

from lxml import html

from newsspider.extraction.structured import Metadata, text_of

LANGUAGE_META = ("og:locale", "content-language", "language", "dc.language", "inlanguage")
# The most frequent short words of each language: enough to tell them apart on a paragraph or more.
STOPWORDS = {
    "en": "the and of to in is that for it with was on as are be this by have from",
    "de": "der die und das ist nicht mit den von zu sich auf für ein eine dem des auch",
    "fr": "le la les et des est une du que dans pour qui pas sur au avec il sont",
    "es": "el la los las y que de en un una es por para con del se lo al",
    "it": "il di che la per un non una sono del della con gli nel le alla anche",
    "pt": "o os de que e do da em um uma para com não no na dos se ao",
    "nl": "de het een en van dat is niet op te zijn met voor er aan ook",
    "sv": "och att det som en på är av för med den till inte har de ett",
    "da": "og at det som en på er af for med den til ikke har de et",
    "pl": "i w na nie się z do to że jest o jak po co od za",
    "tr": "ve bir bu da de için ile olarak çok daha gibi olan en ama",
    "id": "dan yang di ini itu dengan untuk dari tidak akan pada juga ke",
}
STOPWORD_SETS = {lang: frozenset(words.split()) for lang, words in STOPWORDS.items()}
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def declared_language(root: html.HtmlElement, metadata: Metadata) -> str | None:
    """<html lang>, then JSON-LD inLanguage, then meta tags."""
    lang = root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    return lang or text_of(metadata.article.get("inLanguage")) or metadata.meta_first(*LANGUAGE_META)


def guess_language(text: str | None) -> str | None:
    """The language whose common words are most frequent in the text, if clear enough."""
    words = Counter(word.lower() for word in WORD.findall((text or "")[:5000]))
    if sum(words.values()) < 20:
        return _script_language(text or "")
    hits = {lang: sum(words[w] for w in stopwords) for lang, stopwords in STOPWORD_SETS.items()}
    best = max(hits, key=hits.__getitem__)
    return best if hits[best] >= 0.15 * sum(words.values()) else _script_language(text or "")


def _script_language(text: str) -> str | None:
    """Languages a script alone identifies well enough."""
    sample = text[:2000]
    for lang, pattern in (
        ("ja", r"[\u3040-\u30ff]"),
        ("ko", r"[\uac00-\ud7af]"),
        ("zh", r"[\u4e00-\u9fff]"),
        ("ru", r"[\u0400-\u04ff]"),
        ("ar", r"[\u0600-\u06ff]"),
        ("el", r"[\u0370-\u03ff]"),
    ):
        if len(re.findall(pattern, sample)) > 20:
            return lang
    return None
