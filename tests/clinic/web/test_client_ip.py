import pytest
from django.test import RequestFactory

from clinic.web.requests import client_ip

PROXY = "10.0.0.5"


def request_from(peer: str, forwarded_for: str | None = None):
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, headers=headers)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


def test_client_ip_is_the_peer_without_trusted_proxies():
    assert client_ip(request_from("203.0.113.7", "192.0.2.66")) == "203.0.113.7"


def test_client_ip_from_a_trusted_proxy_is_the_address_it_appended(behind_proxy):
    assert client_ip(request_from(PROXY, "192.0.2.66, 198.51.100.4")) == "198.51.100.4"


def test_client_ip_ignores_forwarded_for_from_an_untrusted_peer(behind_proxy):
    assert client_ip(request_from("203.0.113.7", "198.51.100.4")) == "203.0.113.7"


@pytest.mark.parametrize("forwarded_for", [None, "", "not-an-address", "198.51.100.4, junk"])
def test_client_ip_from_a_trusted_proxy_without_a_usable_entry_is_the_proxy(
    behind_proxy, forwarded_for
):
    assert client_ip(request_from(PROXY, forwarded_for)) == PROXY
