"""ArticleLoader: collects candidate values per field, in order of trust, and cleans them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from itemloaders.processors import Compose, Identity, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from newsspider.extraction.names import person_name, printed_byline, split_names
from newsspider.items import Article
from newsspider.processors import absolute_url, clean_text, iso_datetime, primary_language, section_text, tag_text

Candidate = Any | Callable[[], Any]


def unique(values: Iterable[Any]) -> list[Any]:
    """Keep the first of equal values (case-insensitive for strings), in order."""
    seen: set[Any] = set()
    kept = []
    for value in values:
        key = value.casefold() if isinstance(value, str) else repr(value)
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


class ArticleLoader(ItemLoader):
    """Loader for Article: scalar fields keep their first (most trusted) value, lists keep all, deduplicated."""

    default_item_class = Article
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    url_in = canonical_url_in = MapCompose(absolute_url)
    byline_in = MapCompose(printed_byline)
    authors_in = MapCompose(split_names, person_name)
    authors_out = Compose(unique)
    published_at_in = modified_at_in = MapCompose(iso_datetime)
    language_in = MapCompose(primary_language)
    section_in = MapCompose(section_text)
    tags_in = MapCompose(tag_text)
    tags_out = Compose(unique)
    images_in = related_links_in = Identity()
    images_out = related_links_out = Compose(unique)
    body_in = Identity()
    word_count_in = fetched_at_in = id_in = Identity()

    def add_first(self, field: str, *candidates: Candidate) -> None:
        """Add the first candidate that yields a value after input processing; later ones are not computed."""
        for candidate in candidates:
            if self.get_collected_values(field):
                return
            value = candidate() if callable(candidate) else candidate
            if value not in (None, "", [], ()):
                self.add_value(field, value)
