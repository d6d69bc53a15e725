"""Every page of the site, opened by every role that may open it on a desktop and on a phone,
has no serious or critical axe-core finding, and no heading that skips a level, in a real
Chromium.

The pages are read from the URL configuration, and who may open each from the access matrix
(tests/test_access_matrix.py), so a new page is visited as soon as the matrix knows it; a page
that is neither visited nor left out below with its reason fails
test_every_page_is_visited_or_left_out.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from clients.consent.models import ConsentKind
from clients.consent.services import consent_document_publish
from tests.access_matrix import LOGIN, ROLES, Url, build_scenario, project_urls
from tests.e2e.accessibility import blocking_axe_violations
from tests.e2e.signin import signed_in_as
from tests.factories import PASSWORD
from tests.otp import confirmed_authenticator
from tests.test_access_matrix import PAGES, Entry

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 667}
VISITING_ROLES = ("anonymous", "client", "therapist", "desk", "admin")

# Pages answered with something other than a page of the site, each with the reason.
LEFT_OUT: dict[str, str] = {
    "report-csv": "a CSV download",
    "report-daily-close-csv": "a CSV download",
    **{
        f"report-{slug}-csv": "a CSV download"
        for slug in (
            "revenue-therapists",
            "revenue-services",
            "outstanding",
            "fees",
            "prepaid-sales",
            "prepaid-liabilities",
        )
    },
    "client-record-export": "a JSON or CSV download",
    "my-record-export": "a JSON or CSV download",
    "calendar-feed": "an iCalendar feed",
    "appointment-calendar": "an iCalendar file",
    "credential-document": "the uploaded document itself",
    "credential-document-preview": "an image of the uploaded document",
    "moved-admin-page": "an old admin address, sent on to the admin page it names",
}

# Pages a browser reaches through a redirect only: visited as these roles, following it.
THROUGH_REDIRECT = {"password_reset_confirm": ("anonymous",)}

# Pages that need a sign-in half done, or an account the scenario lacks: visited by
# test_the_two_step_pages_have_no_serious_axe_finding.
TWO_STEP_PAGES = {"two-factor-verify", "two-factor-turn-off"}

# The admin site: its index and the lists the clinic's staff use most.
ADMIN_PAGES = (
    "admin:index",
    "admin:clinic_user_changelist",
    "admin:clinic_sessions_appointment_changelist",
    "admin:notes_sessionnote_changelist",
    "admin:credentials_credential_changelist",
    "admin:audit_auditevent_changelist",
    "admin:messaging_message_changelist",
)


def site_pages() -> list[Url]:
    """The named routes outside the API and the admin site."""
    return [
        url
        for url in project_urls()
        if url.name and url.namespace != "admin" and not url.route.startswith("api/")
    ]


def takes_only_posts(entry: Entry) -> bool:
    return all(answer in (405, LOGIN) for answer in entry.get)


def visitors(url: Url) -> tuple[str, ...]:
    """The roles that open `url` as a page: those the access matrix gives a 200."""
    if url.name in THROUGH_REDIRECT:
        return THROUGH_REDIRECT[url.name]
    if url.name in LEFT_OUT or url.name not in PAGES:
        return ()
    answers = dict(zip(ROLES, PAGES[url.name].get, strict=True))
    return tuple(role for role in VISITING_ROLES if answers[role] == 200)


def test_every_page_is_visited_or_left_out():
    unvisited = [
        url.name
        for url in site_pages()
        if not visitors(url)
        and url.name not in LEFT_OUT
        and url.name not in TWO_STEP_PAGES
        and not (url.name in PAGES and takes_only_posts(PAGES[url.name]))
    ]

    assert not unvisited, "pages neither visited nor left out with a reason: " + ", ".join(
        unvisited
    )


@pytest.fixture
def online_payment_on(settings):
    """Online payment's pages answer only when its keys are set (see the access matrix)."""
    settings.STRIPE_SECRET_KEY = "sk_test_pages"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_pages"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"


def built_scenario():
    """The access matrix's people and records, made in one transaction as they are there:
    its fee is issued under a row lock, which PostgreSQL takes only inside one. A live
    server's test empties the tables its migrations seeded, the consent texts among them."""
    with transaction.atomic():
        for kind in ConsentKind.values:
            consent_document_publish(kind=kind, text=f"The clinic's {kind} text.")
        return build_scenario()


def page_path(url: Url, args: dict) -> str:
    params = PAGES[url.name].params
    return url.path({param: args[params.get(param, param)] for param in url.params})


@pytest.mark.parametrize("role", VISITING_ROLES)
def test_every_page_has_no_serious_axe_finding(live_http, page, online_payment_on, role):
    scenario = built_scenario()
    signed_in_as(page, live_http.url, scenario.people[role])
    paths = {
        url.name: page_path(url, scenario.args) for url in site_pages() if role in visitors(url)
    }
    if role == "admin":
        paths.update({name: reverse(name) for name in ADMIN_PAGES})

    findings = {}
    for name, path in paths.items():
        page.set_viewport_size(DESKTOP)
        response = page.goto(live_http.url + path)
        problems = blocking_axe_violations(page)
        page.set_viewport_size(PHONE)  # where wide tables scroll and the menu folds
        problems += [f"on a phone, {problem}" for problem in blocking_axe_violations(page)]
        if response.status != 200:
            problems.append(f"answered {response.status}")
        if not page.title().strip():
            problems.append("no title")
        if problems:
            findings[f"{name} ({path})"] = problems

    assert findings == {}


def test_the_two_step_pages_have_no_serious_axe_finding(live_http, page):
    scenario = built_scenario()
    therapist, client = scenario.people["therapist"], scenario.people["client"]
    confirmed_authenticator(client)

    page.goto(live_http.url + reverse("login"))  # the password step only: the code is asked
    page.locator("#id_username").fill(therapist.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{reverse('two-factor-verify')}*")
    code_page = blocking_axe_violations(page)
    page.context.clear_cookies()
    signed_in_as(page, live_http.url, client)
    page.goto(live_http.url + reverse("two-factor-turn-off"))

    assert (code_page, blocking_axe_violations(page)) == ([], [])


def test_the_error_pages_have_no_serious_axe_finding(live_http, page):
    client = built_scenario().people["client"]

    missing = page.goto(live_http.url + "/no-such-page/")
    not_found = (missing.status, page.title(), blocking_axe_violations(page))
    signed_in_as(page, live_http.url, client)
    refused = page.goto(live_http.url + reverse("admin-home"))
    not_allowed = (refused.status, page.title(), blocking_axe_violations(page))

    assert (not_found, not_allowed) == ((404, "Not found", []), (403, "Not allowed", []))
