"""Signals of newsspider's own."""

from __future__ import annotations

# Sent with item=... once an article's line is in the output file (written and flushed): only then is it
# recorded as seen, so a crash never leaves an article marked seen that is not in the output.
article_written = object()

# Sent with item=... when an article was found unchanged (and not written): its page's current validators
# may then be kept.
article_unchanged = object()

# Sent with url=..., kind=... for a page fetched and classified as no article (listing, forum...).
page_not_article = object()

# Sent with url=..., kind=... for a page that could not be fetched (timeout, http_5xx...): the run history
# counts them per site.
page_failed = object()
