"""A real Chromium (Debian's package) driven by Playwright's sync API, against the live server."""

import os
import shutil
from collections.abc import Iterator

import pytest

from clients.consent.models import ConsentDocument

# Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM
# calls from it (SynchronousOnlyOperation); the test code itself is plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def live_http(settings, live_server):
    """The live server, with cookies that work over its plain HTTP, and without the consent
    texts the migrations seeded: each live server's test empties the tables after it, so only
    the first one in a test process would find them. Every one starts without them."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    ConsentDocument.objects.all().delete()
    return live_server


def record_console_error(message, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(f"console: {message.text} ({message.location.get('url')})")


@pytest.fixture
def console_errors() -> list[str]:
    """Filled by `page` with the browser console's errors and uncaught exceptions."""
    return []


@pytest.fixture
def page(browser, console_errors) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-CA")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda message: record_console_error(message, console_errors))
    page.on("pageerror", lambda error: console_errors.append(f"page error: {error}"))
    yield page
    context.close()
