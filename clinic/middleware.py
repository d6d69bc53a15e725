"""Middleware of the clinic: no caching of what a signed-in user sees, and who changed what."""

from collections.abc import Callable

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject

from .audit import client_ip


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer to a signed-in user and on every API answer,
    so no browser or proxy keeps a copy of clinical data. (Static files are served before
    this middleware runs.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # request.user is read after the view: an API view has set its token's user by then.
        if request.path.startswith("/api/") or request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """django-auditlog's middleware, with the actor read when a change is logged (so an API
    call's token user counts, set by the view after this runs) and the address the server
    saw rather than a client-supplied X-Forwarded-For."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_ip(request)

    @staticmethod
    def _get_actor(request: HttpRequest):
        return SimpleLazyObject(lambda: request.user)
