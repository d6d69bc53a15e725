"""What a request says about where it came from."""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address as the server saw it (a trusted proxy sets REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None
