"""Pages as a browser asks for them: Django's test client signed in as someone, and what a
response says."""

from django.test import Client


def http_as(user) -> Client:
    """A browser signed in as `user`; anonymous for None."""
    http = Client()
    if user is not None:
        http.force_login(user)
    return http


def answer_of(response) -> tuple[int, str | None]:
    """The status and where it sends the browser, if anywhere."""
    return response.status_code, response.headers.get("Location")


def html(response) -> str:
    return response.content.decode()
