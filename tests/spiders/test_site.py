"""The spider's choice of page to extract: a copy (AMP, print) hands over to its canonical page."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from newsspider.items import Article
from newsspider.keys import COPY_OF
from newsspider.spiders.site import SiteSpider
from tests.saved_pages import DEMO_SITE

AMP_PAGE = DEMO_SITE / "world" / "nato-withdrawal.amp.html"
AMP_URL = AMP_PAGE.as_uri()
ORIGIN_URL = (DEMO_SITE / "world" / "nato-withdrawal.html").as_uri()


def demo_spider() -> SiteSpider:
    spider = SiteSpider.from_crawler(spider_crawler())
    assert isinstance(spider, SiteSpider)
    return spider


def spider_crawler(**settings: object) -> Crawler:
    """A crawler whose spider reads pages in a thread (no worker processes to start)."""
    pool = {"NEWSSPIDER_EXTRACT_POOL": "thread", "NEWSSPIDER_EXTRACT_WORKERS": 1, "NEWSSPIDER_EXTRACT_TIMEOUT": 20}
    return get_crawler(SiteSpider, settings_dict=pool | settings)


def parsed(spider: SiteSpider, response: HtmlResponse) -> list[Request | Article]:
    """What the spider's (asynchronous) parse callback yields for a response."""

    async def collect() -> list[Request | Article]:
        return [result async for result in spider.parse(response)]

    return asyncio.run(collect())


def amp_response(request: Request | None = None) -> HtmlResponse:
    return HtmlResponse(url=AMP_URL, body=AMP_PAGE.read_bytes(), request=request)


def test_a_copy_whose_declared_canonical_is_offsite_hands_over_to_the_page_it_copies() -> None:
    spider = demo_spider()
    results = parsed(spider, amp_response(Request(AMP_URL)))
    assert not [result for result in results if isinstance(result, Article)]
    handovers = [result for result in results if isinstance(result, Request) and result.meta.get(COPY_OF)]
    assert [(request.url, request.meta[COPY_OF]) for request in handovers] == [(ORIGIN_URL, AMP_URL)]


def test_a_copy_reached_by_redirect_from_its_canonical_page_is_extracted() -> None:
    spider = demo_spider()
    request = Request(AMP_URL, meta={"redirect_urls": [ORIGIN_URL]})
    articles = [result for result in parsed(spider, amp_response(request)) if isinstance(result, Article)]
    assert [(article["canonical_url"], article["title"]) for article in articles] == [
        (
            "https://demo.newsspider.test/world/nato-withdrawal.html",
            "NATO to Withdraw Rotational Brigade From Valdoria by Autumn",
        )  # as the copy prints them
    ]


def test_when_the_canonical_page_fails_the_copy_is_extracted() -> None:
    spider = demo_spider()
    handover = next(
        result
        for result in parsed(spider, amp_response(Request(AMP_URL)))
        if isinstance(result, Request) and result.meta.get(COPY_OF)
    )
    failure = Failure(HttpError(HtmlResponse(ORIGIN_URL, status=404, request=handover)))
    failure.request = handover  # type: ignore[attr-defined]  # as Scrapy sets it before calling an errback
    assert handover.errback is not None
    [retry] = list(handover.errback(failure))
    assert retry.url == AMP_URL and retry.dont_filter
    articles = [result for result in parsed(spider, amp_response(retry)) if isinstance(result, Article)]
    assert len(articles) == 1
    assert articles[0]["canonical_url"] == "https://demo.newsspider.test/world/nato-withdrawal.html"


def section_page(depth: int, url: str = "https://news.example.com/world/") -> HtmlResponse:
    body = b'<html><body><nav><a href="/politics/">Politics</a></nav><h1>World</h1></body></html>'
    return HtmlResponse(url=url, body=body, request=Request(url, meta={"depth": depth}))


def followed(spider: SiteSpider, response: HtmlResponse) -> list[str]:
    return [result.url for result in parsed(spider, response) if isinstance(result, Request)]


def test_a_link_every_page_repeats_is_requested_once_unless_found_closer_to_the_start() -> None:
    spider = SiteSpider.from_crawler(spider_crawler(), start_urls="https://news.example.com/")
    assert followed(spider, section_page(3)) == ["https://news.example.com/politics/"]
    assert followed(spider, section_page(3, "https://news.example.com/sport/")) == []
    # DEPTH_LIMIT may have dropped the request made from the deeper page: the shallower one asks again
    assert followed(spider, section_page(1, "https://news.example.com/culture/")) == [
        "https://news.example.com/politics/"
    ]


def test_a_page_of_100000_links_is_followed_up_to_the_cap() -> None:
    crawler = spider_crawler(NEWSSPIDER_MAX_LINKS_PER_PAGE=50)
    spider = SiteSpider.from_crawler(crawler, start_urls="https://news.example.com/")
    links = "".join(f'<a href="/archive/{number}">{number}</a>' for number in range(100_000))
    url = "https://news.example.com/archive/"
    response = HtmlResponse(url=url, body=f"<html><body>{links}</body></html>".encode(), request=Request(url))
    assert followed(spider, response) == [f"https://news.example.com/archive/{number}" for number in range(50)]
    assert crawler.stats is not None and crawler.stats.get_value("newsspider/links_capped") == 1


def test_session_ids_in_links_are_no_trap() -> None:
    spider = SiteSpider.from_crawler(spider_crawler(), start_urls="https://news.example.com/")
    url = "https://news.example.com/world/"
    links = "".join(
        f'<a href="/story-{number % 3}.html?sid={number:032x}">s</a>'
        f'<a href="/story-{number % 3}.html;jsessionid={number:016X}?PHPSESSID={number}">s</a>'
        for number in range(30)
    )
    response = HtmlResponse(url=url, body=f"<html><body>{links}</body></html>".encode(), request=Request(url))
    assert sorted(set(followed(spider, response))) == [f"https://news.example.com/story-{n}.html" for n in range(3)]


def test_an_internationalised_host_is_in_scope_under_the_name_scrapy_requests() -> None:
    crawler = get_crawler(SiteSpider)
    spider = SiteSpider.from_crawler(crawler, start_urls="https://bücher.example/")
    assert spider.allowed_domains == ["xn--bcher-kva.example"]
    assert spider.in_scope("https://xn--bcher-kva.example/roman.html")
    assert spider.in_scope("https://BÜCHER.example/roman.html")
    assert not spider.in_scope("https://xn--bcher-kva.other/roman.html")
    crawler.spider = spider  # as Crawler.crawl() sets it
    offsite = OffsiteMiddleware.from_crawler(crawler)
    offsite.spider_opened(spider)
    offsite.process_request(Request("https://bücher.example/roman.html"))  # IgnoreRequest if offsite
    with pytest.raises(IgnoreRequest):
        offsite.process_request(Request("https://elsewhere.example/"))
