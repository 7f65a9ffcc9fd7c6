"""The Article item: one news article, as written to JSON Lines."""

from __future__ import annotations

import scrapy


class Article(scrapy.Item):
    """One article; every field is always present in the output (None or [] when unknown)."""

    id = scrapy.Field()  # str: sha1 of the canonical URL, stable across runs
    version = scrapy.Field()  # int: 1 when first written, +1 each time a changed article is written again
    url = scrapy.Field()  # str: the URL the page was fetched from
    canonical_url = scrapy.Field()  # str
    site_name = scrapy.Field()  # str | None
    title = scrapy.Field()  # str | None
    description = scrapy.Field()  # str | None
    byline = scrapy.Field()  # str | None: as printed, e.g. "By Jane Doe and John Roe"
    authors = scrapy.Field()  # list[str]
    published_at = scrapy.Field()  # str | None: ISO 8601
    modified_at = scrapy.Field()  # str | None: ISO 8601
    section = scrapy.Field()  # str | None
    tags = scrapy.Field()  # list[str]
    language = scrapy.Field()  # str | None: primary language subtag, e.g. "en"
    body = scrapy.Field()  # str | None: blocks joined by a blank line
    caption = scrapy.Field()  # str | None: caption of the lead image
    images = scrapy.Field()  # list[{"url", "caption", "credit", "alt", "width", "height", "lead"}]: the lead first
    related_links = scrapy.Field()  # list[{"url": str, "text": str | None}]
    word_count = scrapy.Field()  # int
    page_type = scrapy.Field()  # str: the schema.org type of the article, as declared ("NewsArticle") or "Article"
    paywalled = scrapy.Field()  # bool: declared not free to read, or the body well short of its declared length
    fetched_at = scrapy.Field()  # str: ISO 8601, UTC
    # --- provenance (README: "Provenance"): where and when the record came from ---
    http_status = scrapy.Field()  # int | None: the page's HTTP status (None: a saved page)
    response_url = scrapy.Field()  # str | None: the URL that answered, after redirects
    source = scrapy.Field()  # str | None: how the URL was found (SOURCES); None: a saved page
    run_id = scrapy.Field()  # str | None: the run that extracted the record
    extractor_version = scrapy.Field()  # str: the package's version, + the versions of its models
    warc_file = scrapy.Field()  # str | None: the WARC file holding the page's response (NEWSSPIDER_WARC)
    warc_record_id = scrapy.Field()  # str | None: that response record's WARC-Record-ID
    warc_offset = scrapy.Field()  # int | None: the byte offset of that record in the file


LIST_FIELDS = frozenset({"authors", "tags", "images", "related_links"})
# The order of the keys in each output line (Item.fields is sorted alphabetically).
FIELD_ORDER = (
    "id",
    "version",
    "url",
    "canonical_url",
    "site_name",
    "title",
    "description",
    "byline",
    "authors",
    "published_at",
    "modified_at",
    "section",
    "tags",
    "language",
    "body",
    "caption",
    "images",
    "related_links",
    "word_count",
    "page_type",
    "paywalled",
    "fetched_at",
    "http_status",
    "response_url",
    "source",
    "run_id",
    "extractor_version",
    "warc_file",
    "warc_record_id",
    "warc_offset",
)
# How a page's URL was found: its `source`.
SOURCES = ("start_url", "link", "sitemap", "news_sitemap", "feed", "url_list", "warc")
