"""No browser or proxy keeps a copy of what a signed-in user or the API is given."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


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
