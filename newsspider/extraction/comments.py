"""Readers' comments and forum replies, by their markup: one definition for every field that must not read
from them (their names are not the article's authors, their dates not its dates, their text not its body)."""

from __future__ import annotations

import re

# An element of a comment section: a class that starts with "comment", or such an id. Page-level elements
# are not counted: they may carry a "comments-open" state for the whole page.
COMMENT_ELEMENT = (
    "[not(self::html or self::body or self::main or self::article)]"
    '[starts-with(@class, "comment") or contains(@class, " comment") or starts-with(@id, "comment")]'
)
NOT_IN_COMMENTS = f"[not(ancestor-or-self::*{COMMENT_ELEMENT})]"  # an element neither in nor of a comment
NOT_UNDER_COMMENTS = f"[not(ancestor::*{COMMENT_ELEMENT})]"  # an element inside no comment section
# Class or id words of a comment section, or of a comment widget's container.
COMMENT_NAMES = re.compile(r"comment|disqus|respond|replies|discussion", re.IGNORECASE)
