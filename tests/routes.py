"""The project's URLs as routes to fill in: every path the root URLconf resolves."""

import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")
# What a route's parameters other than ids take, to reach the view.
SAMPLES = {"fmt": "json", "step": "about", "slug": "sessions", "token": "x", "code": "x"}


def routes(patterns=None, prefix: str = "") -> Iterator[str]:
    """Each URL pattern's route from the root, as written (`clients/<int:client_id>/`),
    without Django's admin, whose pages are its own."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("admin/", "^admin/")):
            continue
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def is_id(match: re.Match) -> bool:
    return match["converter"] == "int" or match["group"] in ("pk", "id")


def id_routes() -> list[str]:
    """The routes that take an id, once each (DRF's format-suffixed twins left out)."""
    return sorted(
        {
            route
            for route in routes()
            if any(is_id(m) for m in PARAMETER.finditer(route)) and "format" not in route
        }
    )


def fill(route: str, id_value: object) -> str:
    """A path of `route` with every id set to `id_value` and other parameters sampled."""

    def value(match: re.Match) -> str:
        if is_id(match):
            return str(id_value)
        return SAMPLES.get(match["name"] or match["group"], "x")

    return "/" + PARAMETER.sub(value, route).replace("^", "").replace("$", "")
