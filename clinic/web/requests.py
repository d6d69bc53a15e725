"""What a request says about where it came from."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address as the server saw it (a trusted proxy sets REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None


def next_url(request: HttpRequest, default: str) -> str:
    """Where a form's `next` (posted, or in the query string) sends the browser back to: a
    path on this site, or `default`. Only a path: a bare word would be read as a view's name."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe and url.startswith("/") else default
