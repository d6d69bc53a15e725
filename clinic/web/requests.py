"""What a request says about where it came from."""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address: the peer's, unless the peer is a trusted proxy (TRUSTED_PROXIES),
    whose own entry, the last of X-Forwarded-For, names the caller. Earlier entries come from
    the caller and prove nothing, so they are never read."""
    peer = request.META.get("REMOTE_ADDR") or None
    if peer not in settings.TRUSTED_PROXIES:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rpartition(",")[2].strip()
    try:
        return str(ip_address(forwarded))
    except ValueError:
        return peer


def next_url(request: HttpRequest, default: str) -> str:
    """Where a form's `next` (posted, or in the query string) sends the browser back to: a
    path on this site, or `default`. Only a path: a bare word would be read as a view's name."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe and url.startswith("/") else default


# The largest id a database column holds (a signed 64-bit integer): a larger number can
# name no row, and SQLite refuses to compare with one.
LARGEST_ID = 2**63 - 1


def row_id(text: str) -> int | None:
    """The id a query parameter or form value names, or None if it can name no row."""
    if not text.isdigit() or not text.isascii():
        return None
    value = int(text)
    return value if value <= LARGEST_ID else None
