"""No query string or form a page is sent may hold a NUL character: no field takes one."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .validators import NUL_REFUSED, holds_nul


class RefuseNulMiddleware:
    """A 400 for a NUL anywhere in the query string, or in a page's form fields (the API's
    bodies are checked by its parsers, when a view reads them; uploaded files may hold any
    byte). Views reading `request.GET` or `request.POST` directly need not check again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_api = request.path.startswith("/api/")
        if holds_nul(request.GET) or (not is_api and holds_nul(request.POST)):
            if is_api:
                return JsonResponse({"detail": NUL_REFUSED}, status=400)
            return render(request, "400.html", {"reason": NUL_REFUSED}, status=400)
        return self.get_response(request)
