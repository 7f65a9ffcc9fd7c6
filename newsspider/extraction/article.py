"""Turning one response into an Article: every source of every field, in order of trust, through the loader."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cached_property, partial
from typing import Any

from lxml import html
from scrapy.http import TextResponse

from newsspider.extraction import dates, declared, headline, language, links, media, people, taxonomy
from newsspider.extraction.body import Candidates, body_from, prefer_article_body, read_candidates
from newsspider.extraction.pagesize import bound_page
from newsspider.extraction.structured import Metadata, read_metadata, text_of
from newsspider.extraction.version import extractor_version
from newsspider.items import FIELD_ORDER, LIST_FIELDS, Article
from newsspider.loaders import ArticleLoader
from newsspider.sites import SiteProfile
from newsspider.text import iso_moment, squash, without_mojibake
from newsspider.urls import FETCHABLE_PREFIXES, article_id, canonical_form, is_site_root, join_url, safe_url

SITE_NAME_META = ("og:site_name", "application-name", "twitter:site:name", "publisher")
CANONICAL = '//link[@rel="canonical"]/@href'


def build_article(
    response: TextResponse,
    profile: SiteProfile | None = None,
    fetched_at: datetime | None = None,
    metadata: Metadata | None = None,
) -> Article | None:
    """Extract the Article of a response (with its metadata when already read); None when the response
    holds no HTML document."""
    root = document_root(response)
    if root is None:
        return None
    metadata = metadata if metadata is not None else read_metadata(root, response.url)
    page = _Page(response, root, profile or SiteProfile(name="generic"), metadata)
    return page.article(fetched_at or datetime.now(UTC))


class _Page:
    """One page being extracted: the parsed tree, its metadata and the profile's overrides."""

    def __init__(
        self, response: TextResponse, root: html.HtmlElement, profile: SiteProfile, metadata: Metadata
    ) -> None:
        self.response, self.root, self.profile, self.metadata = response, root, profile, metadata
        self.loader = ArticleLoader(response=response, selector=response.selector)  # one parse per page
        self.organisations: list[str] = []  # the credited agency, when the page names no person

    def article(self, fetched_at: datetime) -> Article:
        """Fill the loader field by field, then complete the item."""
        load, meta = self.loader.add_first, self.metadata
        load("site_name", self._site_name)
        title = self._title()
        load("title", title)
        load(
            "description",
            *self._profile("description"),
            text_of(meta.article.get("description")),
            partial(meta.meta_first, "og:description", "description", "twitter:description"),
        )
        body = body_from(self.body_candidates(title), title)
        self.loader.add_value("body", prefer_article_body(body.text, self._structured_body) or None)
        self._add_urls()
        self._add_people(body.signature)
        self._add_dates(fetched_at)
        load(
            "section",
            *self._profile("section"),
            partial(taxonomy.metadata_section, meta),
            partial(taxonomy.markup_section, self.root),
        )
        load(
            "tags",
            self._profile("tags"),
            partial(taxonomy.metadata_tags, meta),
            partial(taxonomy.markup_tags, self.root),
        )
        load(
            "language",
            partial(language.declared_language, self.root, meta),
            partial(language.guess_language, body.text),
        )
        images = media.article_images(body.figures, body.region, meta, partial(join_url, self.response.url))
        self.loader.add_value("images", images)
        load("caption", *self._profile("caption"), images[0]["caption"] if images else None)
        canonical = self.loader.get_output_value("canonical_url")
        self.loader.add_value(
            "related_links",
            links.related_links(body.promo_links, self.response.url, canonical, partial(join_url, self.response.url)),
        )
        return self._complete(fetched_at)

    def body_candidates(self, title: str | None) -> Candidates:
        """The page's text blocks with the evidence the body scorer decides on."""
        return read_candidates(
            self._body_element(),
            title=title,
            content_xpath=self.profile.selectors.get("body"),
            drop_xpaths=self.profile.drop,
            structured_body=self._structured_body,
        )

    @cached_property
    def _structured_body(self) -> str | None:
        return declared.declared_body(self.metadata)

    def _complete(self, fetched_at: datetime) -> Article:
        loaded = self.loader.load_item()
        item = Article({name: loaded.get(name, [] if name in LIST_FIELDS else None) for name in FIELD_ORDER})
        site = (item["site_name"] or "").casefold()
        item["authors"] = [name for name in item["authors"] if name.casefold() != site] or self.organisations
        # a saved page given without its URL (extract_article(html, "")) that declares none has no id
        item["id"] = article_id(item["canonical_url"]) if item["canonical_url"] else None
        item["version"] = 1  # the state pipeline raises it when a changed article is written again
        item["word_count"] = len((item["body"] or "").split())
        item["page_type"] = declared.page_type(self.metadata)
        item["paywalled"] = declared.is_paywalled(self.metadata, item["word_count"])
        item["fetched_at"] = fetched_at.replace(microsecond=0).isoformat()
        item["extractor_version"] = extractor_version()
        for name in ("published_at", "modified_at"):
            if item[name] and _in_future(item[name], fetched_at):
                item[name] = None
        return item

    def _title(self) -> str | None:
        given = self._profile("title")
        if given:
            return given[0]
        meta = self.metadata
        return headline.choose_title(
            self.root,
            headline=text_of(meta.article.get("headline")) or text_of(meta.article.get("name")),
            og_title=meta.meta_first("og:title", "twitter:title"),
            html_title=self._html_title(),
            site_name=self.loader.get_output_value("site_name"),
        )

    def _add_urls(self) -> None:
        self.loader.add_value("url", self.response.url)
        declared = [url for url in self.root.xpath(CANONICAL) if isinstance(url, str)]
        declared.append(self.metadata.meta_first("og:url") or "")
        for candidate in declared:
            resolved = safe_url(self.response.url, candidate.strip()) if candidate.strip() else None
            if resolved and resolved.startswith(FETCHABLE_PREFIXES) and not is_site_root(resolved):
                self.loader.add_value("canonical_url", canonical_form(resolved))
                return
        self.loader.add_value("canonical_url", canonical_form(self.response.url))

    def _add_people(self, signature: str | None) -> None:
        """Byline and authors; the name signed under the story is the byline when the page prints no other."""
        title = self.loader.get_output_value("title")
        given = self._profile("byline")
        found = (
            people.Byline() if given else people.find_byline(self.root, title, people.metadata_authors(self.metadata))
        )
        printed: list[str | None] = [*given] or [found.text or signature]
        self.loader.add_first("byline", *printed)
        site_name = self.loader.get_output_value("site_name")
        self.loader.add_first(
            "authors",
            self._profile("authors"),
            *people.author_candidates(self.metadata, printed[0], site_name, found.linked, self.root),
        )
        if not self.loader.get_collected_values("authors"):  # organisations, which the people processors drop
            self.organisations = people.organisation_credit(self.metadata, printed[0], site_name)

    def _add_dates(self, fetched_at: datetime) -> None:
        url = self.response.url
        page_language = language.declared_language(self.root, self.metadata)
        self.loader.add_first(
            "published_at",
            *self._profile("published_at"),
            *dates.published_candidates(
                self.metadata,
                self.root,
                url,
                language=page_language,
                title=self.loader.get_output_value("title"),
                fetched_at=fetched_at,
            ),
        )
        self.loader.add_first(
            "modified_at",
            *self._profile("modified_at"),
            *dates.modified_candidates(
                self.metadata, self.root, language=page_language, title=self.loader.get_output_value("title")
            ),
        )

    def _profile(self, field: str) -> list[str]:
        """Values the profile's selector for a field finds (text of elements, or attribute values)."""
        xpath = self.profile.selectors.get(field)
        if not xpath:
            return []
        found = self.root.xpath(xpath)
        values = [item if isinstance(item, str) else item.text_content() for item in found]
        return [squash(value) for value in values if value and value.strip()]

    def _site_name(self) -> str | None:
        publisher = self.metadata.resolve(self.metadata.article.get("publisher"))
        website = self.metadata.of_type("WebSite") or {}
        return (
            self.metadata.meta_first(*SITE_NAME_META)
            or text_of(publisher if isinstance(publisher, dict) else None)
            or text_of(website.get("name"))
        )

    def _html_title(self) -> str | None:
        titles = self.root.xpath("//title")
        return titles[0].text_content() if titles else None

    def _body_element(self) -> html.HtmlElement:
        body = self.root.find("body")
        return body if body is not None else self.root


def response_metadata(response: TextResponse) -> Metadata | None:
    """The embedded metadata of a response, read once for the classifier and the extraction."""
    root = document_root(response)
    return read_metadata(root, response.url) if root is not None else None


def document_root(response: TextResponse) -> html.HtmlElement | None:
    """The parsed HTML of a response (parsed once: the selector's tree); None when it holds no document."""
    if not response.body.strip():
        return None
    try:
        root = response.selector.root
    except (ValueError, TypeError):
        return None
    if not isinstance(getattr(root, "tag", None), str):
        return None
    bound_page(root, response.url)
    return root


def _in_future(value: str, fetched_at: datetime) -> bool:
    """A date after the fetch (with a day of slack for time zones) is a CMS error."""
    fetched = fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=UTC)
    return (iso_moment(value) - fetched).total_seconds() > 86400


def article_from_html(
    document: bytes | str, url: str, profile: str | None = None, fetched_at: datetime | None = None
) -> dict[str, Any] | None:
    """Build a response around a saved page and extract it: what `extract_article` and `scrapy extract` run."""
    from newsspider.sites import load_profile

    item = build_article(saved_response(document, url), load_profile(profile) if profile else None, fetched_at)
    return dict(item) if item is not None else None


def candidates_from_html(document: bytes | str, url: str) -> Candidates | None:
    """The body scorer's candidate blocks of a saved page, as extraction sees them (the training input)."""
    response = saved_response(document, url)
    root = document_root(response)
    if root is None:
        return None
    page = _Page(response, root, SiteProfile(name="generic"), read_metadata(root, response.url))
    page.loader.add_first("site_name", page._site_name)
    return page.body_candidates(page._title())


def saved_response(document: bytes | str, url: str) -> TextResponse:
    """A response around a saved page, as the spider would have received it, made readable."""
    from scrapy.http import HtmlResponse

    if isinstance(document, str):
        return readable_response(HtmlResponse(url=url, body=document.encode("utf-8"), encoding="utf-8"))
    return readable_response(HtmlResponse(url=url, body=document))


def readable_response(response: TextResponse) -> TextResponse:
    """The response with the double-encoded stretches of its text decoded (without_mojibake), as a reader
    wants them: a CMS that mangled "é" into "Ã©" once does it on every page."""
    text = response.text
    repaired = without_mojibake(text)
    return response if repaired == text else response.replace(body=repaired.encode("utf-8"), encoding="utf-8")
