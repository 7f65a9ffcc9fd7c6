"""Where a crawl may go: its domains, web schemes, and public addresses when it started on public sites."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from newsspider.downloadermiddlewares.address_policy import AddressPolicyMiddleware
from newsspider.network import AddressPolicy, PrivateAddressError, PublicOnlyResolver, is_private_address
from newsspider.sites import ProfileError, load_profile
from newsspider.spiders.scope import Scope


@pytest.fixture
def public_crawl() -> Iterator[None]:
    AddressPolicy.set_from_start_urls(["https://news.example.com/"])
    yield
    AddressPolicy.block_private = False


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.9", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("fe80::1", True),
        ("0.0.0.0", True),
        ("93.184.216.34", False),
        ("2606:4700::1111", False),
    ],
)
def test_private_addresses(address: str, private: bool) -> None:
    assert is_private_address(address) is private


def test_a_public_crawl_blocks_private_addresses_and_a_local_one_does_not() -> None:
    AddressPolicy.set_from_start_urls(["https://news.example.com/", "https://other.example.org/"])
    assert AddressPolicy.block_private
    AddressPolicy.set_from_start_urls(["http://127.0.0.1:8080/"])
    assert not AddressPolicy.block_private


@pytest.mark.usefixtures("public_crawl")
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://10.0.0.5/",
        "http://[::1]/",
        "http://localhost/",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_private_ip_literals_are_never_requested(url: str) -> None:
    middleware = AddressPolicyMiddleware.from_crawler(get_crawler())
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request(url))


@pytest.mark.usefixtures("public_crawl")
def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    with pytest.raises(PrivateAddressError):
        PublicOnlyResolver._check("10.0.0.7", "rebinding.example.com")
    assert PublicOnlyResolver._check("93.184.216.34", "news.example.com") == "93.184.216.34"


def test_scope_keeps_to_the_start_domains_and_web_schemes() -> None:
    scope = Scope(["https://www.news.example.com/world/"])
    assert scope.allows("https://news.example.com/2024/03/02/a.html")
    assert scope.allows("http://live.news.example.com/x")
    assert not scope.allows("https://evil.example.net/x")
    assert not scope.allows("https://news.example.com.evil.net/x")
    assert not scope.allows("file:///etc/passwd")
    assert not scope.allows("data:text/html,<h1>x</h1>")
    assert not scope.allows("https://news.example.com:8443/x")  # another port is another site
    assert not scope.allows("https://news.example.com:99999/x")  # a port out of range is no site at all


def test_profiles_cannot_name_files_outside_the_profile_directory() -> None:
    with pytest.raises(ProfileError):
        load_profile("../../etc/passwd")
