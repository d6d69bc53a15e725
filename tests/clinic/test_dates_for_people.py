"""Every date a person reads is in the one format ("Tue 8 Dec 2026, 13:00", "Tue 8 Dec 2026",
"13:00"): on every page each role reaches from where it starts, in the Django admin, and in
every message the demo clinic plans. Machine dates (links, form values, <time datetime>)
are not read by people and are not checked."""

import calendar
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from clinic.accounts.models import User
from clinic.messaging.dispatch import message_context, render_text
from clinic.messaging.kinds import kind_of
from clinic.messaging.models import Channel, Message
from tests.clock import frozen_at
from tests.demo_clinic import NOW
from tests.pages import http_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_clinic")]

frozen = frozen_at(NOW)

WEEKDAYS = "Mon|Tue|Wed|Thu|Fri|Sat|Sun"
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# May is both; its short name is checked with the others.
LONG_MONTHS = "|".join(name for name in calendar.month_name[1:] if len(name) > 3)
LONG_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
OTHER_FORMATS = re.compile(
    rf"""\b\d{{4}}-\d{{2}}-\d{{2}}\b            # ISO: 2026-12-08
    | \b[ap]\.m\.                               # 1 p.m.
    | \b(?:midnight|noon)\b                     # Django's words for 00:00 and 12:00
    | \b(?:{LONG_WEEKDAYS})\ \d{{1,2}}(?=\ [A-Z]) # Tuesday 8 December
    | \b\d{{1,2}}\ (?:{LONG_MONTHS})\b          # 8 December
    | \b(?:{MONTHS})\.?\ \d{{1,2}}\b            # Dec. 8, Dec 8
    """,
    re.VERBOSE,
)
DAY_AND_MONTH = re.compile(rf"(?:\b(?:{WEEKDAYS}) )?\b\d{{1,2}} (?:{MONTHS})\b(?: \d{{4}}\b)?")

# Not pages, pages without dates, or what other packages write: axes names its rows by
# their UTC instant, and auditlog shows a changed field's values as it stored them.
NOT_PAGES = re.compile(
    r"logout|\.(csv|pdf|ics|json|png|svg)$|/export|/static/|/api/|download|/admin/axes/"
    r"|/admin/auditlog/logentry/\d|/add/$|password_change|two-factor"
)
STARTS = {
    "admin@demo.clinic": ["/", "/office/", "/audit/", "/reports/", "/admin/"],
    "desk@demo.clinic": ["/", "/desk/"],
    "therapist1@demo.clinic": ["/", "/schedule/", "/therapists/me/credentials/"],
    "client1@demo.clinic": ["/", "/account/", "/appointments/", "/invoices/", "/record/"],
}
PAGES_PER_ROLE = 120


class PeoplesText(HTMLParser):
    """What a person reads of a page: its text and its titles and labels. Charts (SVG) label
    their axes by day and month, with the year beneath."""

    SILENT = {"script", "style", "svg"}
    READ_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self.silent = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SILENT:
            self.silent += 1
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        self.parts.extend(v for k, v in attrs if k in self.READ_ATTRIBUTES and v)

    def handle_endtag(self, tag):
        if tag in self.SILENT:
            self.silent -= 1

    def handle_data(self, data):
        if not self.silent:
            self.parts.append(data)


def other_formats(text: str) -> list[str]:
    """The dates in `text` not in the one format."""
    text = " ".join(re.sub(r"\bhttps?://\S+", "", text).split())
    found = [match.group() for match in OTHER_FORMATS.finditer(text)]
    for match in DAY_AND_MONTH.finditer(text):
        if not re.match(rf"(?:{WEEKDAYS}) .* \d{{4}}$", match.group()):
            found.append(match.group())
    return found


def shape(path: str) -> str:
    """Pages of one kind (each client's record, each invoice) are visited once."""
    return re.sub(r"\d+", "N", path)


def crawl(email: str) -> Iterator[tuple[str, str]]:
    """Each page the user reaches by following links from where they start: (path, text)."""
    browser = http_as(User.objects.get(email=email))
    queue, seen = list(STARTS[email]), set()
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if shape(urlsplit(path).path) in seen or NOT_PAGES.search(urlsplit(path).path):
            continue
        seen.add(shape(urlsplit(path).path))
        response = browser.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        page = PeoplesText()
        page.feed(response.content.decode())
        yield path, " ".join(page.parts)
        for link in page.links:
            address = urlsplit(urljoin(path, link))
            if not address.netloc or address.netloc == "testserver":
                queue.append(address.path + (f"?{address.query}" if address.query else ""))


def test_the_checker_finds_each_other_format():
    text = (
        "2026-12-08 | 1 p.m. | midnight | Tuesday 8 December | 8 December | Dec. 8 | Dec 8 "
        "| 8 Dec | Tue 8 Dec | 8 Dec 2026 | Tue 8 Dec 2026, 13:00 | Sun 14 Mar 2027 "
        "| Tue 19 May 2026 | https://clinic.example/schedule/?date=2026-12-08 "
        "| Monday 09:00-17:00"
    )

    assert other_formats(text) == [
        "2026-12-08",
        "p.m.",
        "midnight",
        "Tuesday 8",
        "8 December",
        "Dec. 8",
        "Dec 8",
        "8 Dec",
        "Tue 8 Dec",
        "8 Dec 2026",
    ]


@pytest.mark.parametrize("email", STARTS)
def test_every_page_a_role_reaches_says_dates_in_the_one_format(email):
    pages = dict(crawl(email))

    assert len(pages) > 10
    assert {path: found for path, text in pages.items() if (found := other_formats(text))} == {}


def test_every_planned_message_says_dates_in_the_one_format():
    messages = Message.objects.select_related("recipient")
    texts = {}
    for message in messages:
        templates = kind_of(message.kind).templates
        context = message_context(message)
        parts = ["sms.txt"] if message.channel == Channel.SMS else ["subject.txt", "txt"]
        for part in parts:
            texts[f"{message.kind} {part} {message.pk}"] = render_text(
                f"{templates}.{part}", context
            )

    assert len({key.split()[0] for key in texts}) > 3
    assert {key: found for key, text in texts.items() if (found := other_formats(text))} == {}
