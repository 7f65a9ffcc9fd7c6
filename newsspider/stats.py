"""Stats keys that more than one component writes or reads."""

from __future__ import annotations

NON_ARTICLE = "newsspider/non_article/"  # + the page's kind: pages fetched, classified, and not written
DROPPED_NON_ARTICLE = "newsspider/dropped/non_article"  # items the validation pipeline took for no article
LINKS_CAPPED = "newsspider/links_capped"  # pages with more links than NEWSSPIDER_MAX_LINKS_PER_PAGE
