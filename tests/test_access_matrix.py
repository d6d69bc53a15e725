"""Who gets what from every URL of the project (pages, API, admin), read from the URLconf.

To add a URL: give MATRIX an entry under its name (its route if unnamed): Entry(get=answers,
post=answers if it takes writes, body=a harmless or invalid POST body), answers being one per
role in the order of ROLES (a status, LOGIN, or Redirect("url-name")). Parameters are filled
from the scenario's args by name (params={"pk": "draft_pk"} renames). Admin URLs follow
ADMIN_RULE unless ADMIN_EXCEPTIONS says otherwise.
"""

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from tests.access_matrix import (
    ADMIN_LOGIN,
    LOGIN,
    ROLES,
    Redirect,
    Scenario,
    Url,
    admin_args,
    build_scenario,
    expected_answer,
    project_urls,
)
from tests.otp import sign_in_fully
from tests.pages import answer_of

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Entry:
    get: tuple  # one answer per role, in the order of ROLES
    post: tuple | None = None  # None: the URL takes no writes, POST is not tried
    body: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)  # URL parameter -> key of the scenario's args


def everyone(answer) -> tuple:
    return (answer,) * len(ROLES)


def signed_in(answer, *, anonymous=LOGIN) -> tuple:
    return (anonymous, *(answer,) * (len(ROLES) - 1))


def staff_only(answer) -> tuple:
    """Every role but the admin is sent to the admin site's sign-in page."""
    return tuple(answer if role == "admin" else ADMIN_LOGIN for role in ROLES)


def front_desk(answer, *, refused=403) -> tuple:
    """The desk and the admins get `answer`, clients and therapists `refused`."""
    staff = ("admin", "desk")
    return (LOGIN, *(answer if role in staff else refused for role in ROLES[1:]))


TO_OFFICE = Redirect("admin-home")
TO_DESK = Redirect("desk")  # the clinic's calendar

#      (anonymous, client, other_client, therapist, other_therapist, admin, desk)
PAGES = {
    # Staff start at their own page: the therapist's schedule, the admin's office.
    "home": Entry(
        get=(200, 200, 200, Redirect("schedule"), Redirect("schedule"), TO_OFFICE, TO_DESK)
    ),
    "admin-home": Entry(get=(LOGIN, 403, 403, 403, 403, 200, 403), post=signed_in(405)),
    "signup": Entry(
        get=(200, *(Redirect("home"),) * 6),
        post=(200, *(Redirect("home"),) * 6),  # an empty form's errors, on a 200 as Django's own
    ),
    "login": Entry(get=(200, *(Redirect("home"),) * 6), post=(200, *(Redirect("home"),) * 6)),
    "logout": Entry(get=everyone(405), post=everyone(Redirect("home"))),
    "password_change": Entry(get=signed_in(200), post=signed_in(200)),
    "signup-done": Entry(get=everyone(200)),
    "privacy": Entry(get=everyone(200)),  # public, as are its earlier versions
    "privacy-version": Entry(get=everyone(200)),
    "email-confirm": Entry(get=everyone(200), params={"token": "email_token"}),  # the key
    "email-confirm-send": Entry(  # the clients' own addresses are confirmed already
        get=signed_in(405),
        post=(LOGIN, Redirect("account"), Redirect("account"), 403, 403, 403, 403),
    ),
    "password_change_done": Entry(get=signed_in(200)),
    "password_reset": Entry(get=everyone(200), post=everyone(200)),
    "password_reset_done": Entry(get=everyone(200)),
    "password_reset_confirm": Entry(
        get=everyone(Redirect("password_reset_confirm", token="set-password")),
        params={"uidb64": "reset_uidb64", "token": "reset_token"},
    ),
    "password_reset_complete": Entry(get=everyone(200)),
    "therapist-list": Entry(get=everyone(200)),
    "therapist-detail": Entry(get=everyone(200), params={"pk": "therapist_pk"}),
    "appointment-list": Entry(get=signed_in(200)),
    "appointment-new": Entry(
        get=(LOGIN, 200, 200, 403, 403, 403, 403), post=(LOGIN, 400, 400, 403, 403, 403, 403)
    ),
    "appointment-cancel": Entry(
        get=(LOGIN, 200, 404, 200, 404, 200, 200),
        post=(LOGIN, 400, 404, 400, 404, 400, 400),
        body={"reason": "x" * 1001},
    ),
    "appointment-reschedule": Entry(
        get=(LOGIN, 200, 404, 200, 404, 200, 200),
        post=(LOGIN, 400, 404, 400, 404, 400, 400),
        body={"start": "soon"},
    ),
    "schedule": Entry(get=(LOGIN, 403, 403, 200, 200, TO_DESK, TO_DESK)),  # the clinic's calendar
    "note": Entry(get=(LOGIN, 200, 404, 200, 404, 200, 404)),
    "note-start": Entry(
        get=signed_in(405), post=(LOGIN, 403, 404, Redirect("note"), 404, 403, 403)
    ),
    "note-save": Entry(  # the draft: the client does not see it, the admin may not edit it
        get=signed_in(405),
        post=(LOGIN, 404, 404, 400, 404, 403, 404),
        body={"pain_before": "eleven"},
        params={"pk": "draft_pk"},
    ),
    "note-sign": Entry(  # the draft's confirm step: its pain scores are still missing
        get=(LOGIN, 404, 404, 200, 404, 403, 404),
        post=(LOGIN, 404, 404, 400, 404, 403, 404),
        params={"pk": "draft_pk"},
    ),
    "note-addendum": Entry(  # no text: the allowed are sent back to the note with an error
        get=signed_in(405), post=(LOGIN, 403, 404, Redirect("note"), 404, Redirect("note"), 404)
    ),
    "appointment-outcome": Entry(  # no status: back to the note with an error
        get=signed_in(405),
        post=(
            LOGIN,
            403,
            404,
            Redirect("note"),
            404,
            Redirect("note"),
            Redirect("appointment-list"),
        ),
    ),
    "client-record": Entry(get=(LOGIN, Redirect("my-record"), 404, 200, 404, 200, 404)),
    "client-record-export": Entry(get=(LOGIN, 200, 404, 404, 404, 200, 404)),
    "my-record": Entry(get=(LOGIN, 200, 200, 403, 403, 403, 403)),
    # A client's own invoices; the desk and admins ask for a client's (?client=ID).
    "invoices": Entry(
        get=(LOGIN, 200, 200, 403, 403, Redirect("desk-clients"), Redirect("desk-clients"))
    ),
    "my-record-export": Entry(get=(LOGIN, 200, 200, 404, 404, 404, 404)),
    "check-in": Entry(  # the signed link is the key
        get=everyone(200), post=everyone(400), body={"pain_now": "eleven"}
    ),
    "message-preferences": Entry(
        get=(LOGIN, 200, 200, 403, 403, 403, 403),
        post=(LOGIN, 400, 400, 403, 403, 403, 403),
        body={"by_sms": "on"},  # without a phone number
    ),
    "intake-home": Entry(get=(LOGIN, 200, 200, 403, 403, 403, 403)),
    "intake-start": Entry(
        get=signed_in(405),
        post=(LOGIN, Redirect("intake-step"), Redirect("intake-step"), 403, 403, 403, 403),
    ),
    "intake-step": Entry(
        get=(LOGIN, 200, 200, 403, 403, 403, 403),
        post=(LOGIN, 400, 400, 403, 403, 403, 403),
        body={"phone": "not a number"},
    ),
    # The caller's own versions: the other client has none.
    "intake-version": Entry(get=(LOGIN, 200, 404, 403, 403, 403, 403)),
    "client-intake": Entry(get=(LOGIN, 200, 404, 200, 404, 200, 404)),
    "intake-clearance": Entry(  # no note: back to the intake with an error
        get=signed_in(405),
        post=(LOGIN, 403, 404, Redirect("client-intake"), 404, Redirect("client-intake"), 404),
    ),
    "my-record-print": Entry(get=(LOGIN, 200, 200, 403, 403, 403, 403)),
    "account-close": Entry(  # a wrong password: nothing is closed
        get=(LOGIN, 200, 200, 403, 403, 403, 403),
        post=(LOGIN, 400, 400, 403, 403, 403, 403),
        body={"password": "not-the-password"},
    ),
    # Two-step sign-in: staff have an authenticator app and are verified; clients have none.
    "two-factor": Entry(get=signed_in(200)),
    "two-factor-setup": Entry(  # an empty code: the form back with its error
        get=(LOGIN, 200, 200, *(Redirect("two-factor"),) * 4),
        post=(LOGIN, 200, 200, *(Redirect("two-factor"),) * 4),
    ),
    "two-factor-verify": Entry(
        get=(LOGIN, *(Redirect("two-factor"),) * 2, *(Redirect("home"),) * 4),
        post=(LOGIN, *(Redirect("two-factor"),) * 2, *(Redirect("home"),) * 4),
    ),
    "two-factor-backup-codes": Entry(  # new codes for those with an authenticator
        get=signed_in(405),
        post=(LOGIN, *(Redirect("two-factor-setup"),) * 2, 200, 200, 200, 200),
    ),
    "two-factor-turn-off": Entry(  # clients here have no authenticator; staff must keep theirs
        get=(LOGIN, *(Redirect("two-factor"),) * 2, 403, 403, 403, 403),
        post=(LOGIN, *(Redirect("two-factor"),) * 2, 403, 403, 403, 403),
        body={"password": "not-the-password", "code": ""},
    ),
    "audit-search": Entry(get=(LOGIN, 403, 403, 403, 403, 200, 403)),
    "report-index": Entry(get=(LOGIN, 403, 403, 403, 403, 200, 403)),
    "report": Entry(get=(LOGIN, 403, 403, 403, 403, 200, 403)),
    "report-csv": Entry(get=(LOGIN, 403, 403, 403, 403, 200, 403)),
    # The money reports: the desk, who takes the payments, opens the daily close.
    "report-daily-close": Entry(get=front_desk(200)),
    "report-daily-close-csv": Entry(get=front_desk(200)),
    **{
        f"report-{slug}{suffix}": Entry(get=(LOGIN, 403, 403, 403, 403, 200, 403))
        for slug in (
            "revenue-therapists",
            "revenue-services",
            "outstanding",
            "fees",
            "prepaid-sales",
            "prepaid-liabilities",
        )
        for suffix in ("", "-csv")
    },
    # Credentials: the therapist's own pending licence, with its document.
    "therapist-profile": Entry(get=(LOGIN, 403, 403, 200, 200, 403, 403)),
    "therapist-preferences": Entry(
        get=(LOGIN, 403, 403, 200, 200, 403, 403),
        post=(
            LOGIN,
            403,
            403,
            Redirect("therapist-preferences"),
            Redirect("therapist-preferences"),
            403,
            403,
        ),
        body={},
    ),
    "credential-new": Entry(
        get=(LOGIN, 403, 403, 200, 200, 403, 403),
        post=(LOGIN, 403, 403, 400, 400, 403, 403),
        body={"issued_on": "soon"},
    ),
    "credential-edit": Entry(
        get=(LOGIN, 403, 403, 200, 404, 403, 403),
        post=(LOGIN, 403, 403, 400, 404, 403, 403),
        body={"issued_on": "soon"},
        params={"pk": "credential_pk"},
    ),
    "credential-queue": Entry(get=(LOGIN, 403, 403, 403, 403, 200, 403)),
    "credential-review": Entry(
        get=(LOGIN, 404, 404, 404, 404, 200, 404), params={"pk": "credential_pk"}
    ),
    "credential-verify": Entry(
        get=signed_in(405),
        post=(LOGIN, 404, 404, 404, 404, Redirect("credential-queue"), 404),
        params={"pk": "credential_pk"},
    ),
    "credential-reject": Entry(  # no reason: the review page with the error
        get=signed_in(405),
        post=(LOGIN, 404, 404, 404, 404, 400, 404),
        params={"pk": "credential_pk"},
    ),
    # A 404 for anyone but its therapist and the admins, signed in or not.
    "credential-document": Entry(
        get=(404, 404, 404, 200, 404, 200, 404), post=everyone(405), params={"pk": "credential_pk"}
    ),
    "credential-document-preview": Entry(
        get=(404, 404, 404, 404, 404, 200, 404), post=everyone(405), params={"pk": "credential_pk"}
    ),
    # The waitlist: the client's own entry, and an expired offer (answering it is refused).
    "waitlist": Entry(get=(LOGIN, 200, 200, 403, 403, 403, 403)),
    "waitlist-join": Entry(
        get=(LOGIN, 200, 200, 403, 403, 403, 403),
        post=(LOGIN, 400, 400, 403, 403, 403, 403),
        body={"service": "none"},
    ),
    "waitlist-leave": Entry(
        get=signed_in(405),
        post=(LOGIN, Redirect("waitlist"), 404, 403, 403, 403, 403),
        params={"pk": "waiting_pk"},
    ),
    "waitlist-offer": Entry(get=(LOGIN, 200, 404, 403, 403, 403, 403), params={"pk": "offer_pk"}),
    "waitlist-offer-confirm": Entry(
        get=signed_in(405),
        post=(LOGIN, Redirect("waitlist-offer"), 404, 403, 403, 403, 403),
        params={"pk": "offer_pk"},
    ),
    "waitlist-offer-decline": Entry(
        get=signed_in(405),
        post=(LOGIN, Redirect("waitlist-offer"), 404, 403, 403, 403, 403),
        params={"pk": "offer_pk"},
    ),
    # Bookings waiting for approval: the admins decide.
    "approval-list": Entry(get=(LOGIN, 403, 403, 403, 403, 200, 403)),
    "approval-approve": Entry(
        get=signed_in(405),
        post=(LOGIN, 403, 403, 403, 403, Redirect("approval-list"), 403),
        params={"pk": "requested_pk"},
    ),
    "approval-decline": Entry(  # a reason too long: the list again, with the error
        get=signed_in(405),
        post=(LOGIN, 403, 403, 403, 403, 400, 403),
        body={"reason": "x" * 1001},
        params={"pk": "requested_pk"},
    ),
    # Calendars: the feed's token is the key; a new token makes the old one stop working.
    "calendar-feed": Entry(get=everyone(200), post=everyone(405), params={"token": "feed_token"}),
    "calendar-feed-settings": Entry(
        get=(LOGIN, 403, 403, 200, 200, 403, 403),
        post=(
            LOGIN,
            403,
            403,
            Redirect("calendar-feed-settings"),
            Redirect("calendar-feed-settings"),
            403,
            403,
        ),
    ),
    "appointment-calendar": Entry(get=(LOGIN, 200, 404, 200, 404, 200, 200)),
    # The desk's series: nothing chosen yet (a hint), then an empty booking (its errors).
    "desk-series": Entry(get=front_desk(200), post=front_desk(400)),
    "desk-series-result": Entry(get=front_desk(200), params={"pk": "series_pk"}),
    "desk-series-book": Entry(  # no time: the series page with the error
        get=signed_in(405),
        post=front_desk(400),
        params={"pk": "series_pk"},
    ),
    "desk": Entry(get=front_desk(200)),
    "desk-appointment-arrived": Entry(  # the session is over: the refusal is a message
        get=signed_in(405), post=front_desk(Redirect("desk"))
    ),
    "desk-appointment-outcome": Entry(  # no status: back to the calendar with the refusal
        get=signed_in(405), post=front_desk(Redirect("desk"))
    ),
    "desk-move": Entry(  # no day or time chosen: the form back with its errors
        get=front_desk(200), post=front_desk(400)
    ),
    # The front desk's pages: for the desk and admins; a bad form is a 400.
    "desk-clients": Entry(get=front_desk(200)),
    "desk-client-new": Entry(get=front_desk(200), post=front_desk(400)),
    "desk-client": Entry(get=front_desk(200)),
    "desk-client-edit": Entry(get=front_desk(200), post=front_desk(400)),
    "desk-fee-waive": Entry(  # no reason: the confirm page back with its error
        get=front_desk(200),
        post=front_desk(400),
        params={"invoice_id": "fee_pk"},
    ),
    "desk-client-invite": Entry(  # the client has a password: no invitation
        get=signed_in(405), post=front_desk(400)
    ),
    "desk-book": Entry(  # nothing chosen yet
        get=front_desk(200), post=front_desk(400)
    ),
    # Paying online (on here, see online_payment_on): the client's own session, already past,
    # so paying it is refused with a message; and the client's own unpaid online payment.
    "online-payment-start": Entry(
        get=signed_in(405),
        post=(LOGIN, Redirect("appointment-list"), 404, 403, 403, 403, 403),
    ),
    "online-payment": Entry(
        get=(LOGIN, 200, 404, 403, 403, 403, 403),
        post=signed_in(405),
        params={"pk": "online_payment_pk"},
    ),
    "online-payment-cancelled": Entry(
        get=(LOGIN, 200, 404, 403, 403, 403, 403),
        post=signed_in(405),
        params={"pk": "online_payment_pk"},
    ),
    # The desk's money pages: the checked-out session and its unpaid invoice; an empty form
    # is a 400 with its errors.
    "desk-checkout": Entry(get=front_desk(200), post=front_desk(400)),
    "desk-invoices": Entry(get=front_desk(200), post=signed_in(405)),
    "desk-invoice": Entry(get=front_desk(200), post=signed_in(405), params={"pk": "invoice_pk"}),
    **{
        name: Entry(get=front_desk(200), post=front_desk(400), params={"pk": "invoice_pk"})
        for name in ("desk-invoice-pay", "desk-invoice-refund", "desk-invoice-credit")
    },
    # Selling at the desk: nothing chosen yet is the form back with its errors.
    "desk-package-sell": Entry(get=front_desk(200), post=front_desk(400)),
    "desk-gift-card-sell": Entry(get=front_desk(200), post=front_desk(400)),
    "desk-membership-start": Entry(get=front_desk(200), post=front_desk(400)),
    "desk-membership-renew": Entry(
        get=front_desk(200), post=front_desk(400), params={"pk": "membership_pk"}
    ),
    "desk-membership-end": Entry(
        get=front_desk(200),
        post=front_desk(Redirect("desk-client")),
        params={"pk": "membership_pk"},
    ),
    "desk-gift-card": Entry(get=front_desk(200), params={"pk": "gift_card_pk"}),
    "account": Entry(get=(LOGIN, 200, 200, 403, 403, 403, 403)),
}

API = {
    # Money: the desk and admins take payments and credit; a client reads their own invoices.
    "api-checkout": Entry(  # an unknown method: nothing is issued
        get=(401, 403, 403, 403, 403, 405, 405),
        post=(401, 403, 403, 403, 403, 400, 400),
        body={"payments": [{"method": "cheque", "amount": "1.00"}]},
    ),
    "api-invoices": Entry(get=signed_in(200, anonymous=401)),
    "api-invoice": Entry(
        get=(401, 200, 404, 404, 404, 200, 200),
        post=signed_in(405, anonymous=401),
        params={"pk": "invoice_pk"},
    ),
    "api-invoice-receipt": Entry(  # the PDF, a receipt or (unpaid, as here) the invoice
        get=(401, 200, 404, 404, 404, 200, 200),
        post=signed_in(405, anonymous=401),
        params={"pk": "invoice_pk"},
    ),
    "api-invoice-credit": Entry(  # no reason
        get=(401, 403, 403, 403, 403, 405, 405),
        post=(401, 403, 403, 403, 403, 400, 400),
        params={"pk": "invoice_pk"},
    ),
    # Stripe's webhook: no session counts, only a signature (none here).
    "api-stripe-webhook": Entry(get=everyone(405), post=everyone(400)),
    "api-invoice-refund": Entry(  # no amount
        get=(401, 403, 403, 403, 403, 405, 405),
        post=(401, 403, 403, 403, 403, 400, 400),
        params={"pk": "invoice_pk"},
    ),
    "api-gift-card": Entry(get=(401, 403, 403, 403, 403, 200, 200)),  # the desk's look-up
    "api-invoice-waive": Entry(  # no reason
        get=(401, 403, 403, 403, 403, 405, 405),
        post=(401, 403, 403, 403, 403, 400, 400),
        params={"pk": "fee_pk"},
    ),
    "api-clients": Entry(get=(401, 403, 403, 200, 200, 200, 200)),  # a therapist's own clients
    "api-token": Entry(get=everyone(405), post=everyone(400)),
    "api-services": Entry(get=everyone(200)),
    "api-consent": Entry(get=everyone(200)),  # the current consent texts are public
    "api-therapists": Entry(get=everyone(200)),
    "api-availability": Entry(get=everyone(400)),  # public; no service or date asked for
    "api-calendar": Entry(get=(401, 403, 403, 400, 400, 400, 400)),  # no start day asked for
    "api-schema": Entry(get=everyone(200)),
    "api-intake": Entry(
        get=(401, 200, 404, 404, 404, 404, 404), post=(401, 400, 400, 403, 403, 403, 403)
    ),
    "api-client-intake": Entry(get=(401, 200, 404, 200, 404, 200, 404)),
    "api-client-notes": Entry(get=(401, 200, 404, 200, 404, 200, 404)),
    "api-client-outcomes": Entry(get=(401, 200, 404, 200, 404, 200, 404)),
    "api-client-suggestions": Entry(get=(401, 200, 404, 200, 404, 200, 404)),
    "api-appointment-list": Entry(
        get=(401, 200, 200, 200, 200, 200, 200), post=(401, 400, 400, 403, 403, 400, 400)
    ),
    "api-appointment-series": Entry(
        get=signed_in(405, anonymous=401), post=(401, 403, 403, 403, 403, 400, 400)
    ),
    "api-appointment-detail": Entry(get=(401, 200, 404, 200, 404, 200, 200)),
    "api-appointment-cancel": Entry(
        get=signed_in(405, anonymous=401),
        post=(401, 400, 404, 400, 404, 400, 400),
        body={"reason": "x" * 1001},
    ),
    "api-appointment-reschedule": Entry(
        get=signed_in(405, anonymous=401),
        post=(401, 400, 404, 400, 404, 400, 400),
        body={"start": "soon"},
    ),
    "api-appointment-note": Entry(
        get=signed_in(405, anonymous=401),
        post=(401, 403, 404, 400, 404, 403, 403),
        body={"pain_before": "eleven"},
        params={"pk": "draft_pk"},
    ),
    "api-appointment-note-sign": Entry(  # the draft has no pain_after yet
        get=signed_in(405, anonymous=401),
        post=(401, 404, 404, 400, 404, 403, 404),
        params={"pk": "draft_pk"},
    ),
    "api-appointment-note-addenda": Entry(  # no text
        get=signed_in(405, anonymous=401), post=(401, 403, 404, 400, 404, 400, 404)
    ),
    "api-therapist": Entry(get=everyone(200), params={"pk": "therapist_pk"}),
    "api-me-export": Entry(get=(401, 200, 200, 403, 403, 403, 403)),
    "api-me-confirm-email": Entry(  # the clients' own addresses are confirmed already
        get=signed_in(405, anonymous=401), post=(401, 400, 400, 403, 403, 403, 403)
    ),
    "api-me-close": Entry(  # a wrong password: nothing is closed
        get=signed_in(405, anonymous=401),
        post=(401, 400, 400, 403, 403, 403, 403),
        body={"password": "not-the-password"},
    ),
}

MATRIX = {**PAGES, **API}

# Patterns left out of the matrix, each with the reason. Static files are served by
# WhiteNoise's middleware, not by a URL pattern, and nothing is uploaded as media.
EXCLUDED: dict[str, str] = {
    "moved-admin-page": (
        "an old admin address, sent on to the admin page that answers by the rules below"
        " (tests/clinic/config/test_moved_admin.py)"
    ),
}

# Every URL of the admin site (its namespace) answers by these rules, with an existing object
# of the URL's model for an object id: the other roles are sent to the admin site's sign-in
# page; the admin gets the page, and on a URL that takes writes, an empty POST gets the form
# back with its errors.
ADMIN_RULE = Entry(get=staff_only(200), post=staff_only(200))
ADMIN_READ_RULE = Entry(get=staff_only(200))
ADMIN_READS = {"admin:index", "admin:password_change_done", "admin:jsi18n", "admin:app_list"}
TO_ADMIN_INDEX = Redirect("admin:index")
TO_DESK_BOOKING = Redirect("desk-book")
ADMIN_EXCEPTIONS = {
    "admin:login": Entry(get=(*(200,) * 5, TO_ADMIN_INDEX, 200), post=everyone(200)),
    "admin:logout": Entry(  # POST only; the others are sent to the index, thus to sign in
        get=(*(TO_ADMIN_INDEX,) * 5, 405, TO_ADMIN_INDEX),
        post=(*(TO_ADMIN_INDEX,) * 5, Redirect("home"), TO_ADMIN_INDEX),
    ),
    "admin:autocomplete": Entry(get=staff_only(403)),  # asked without its parameters
    "admin:view_on_site": Entry(get=staff_only(404)),  # an appointment has no page of its own
    "admin/(?P<url>.*)$": Entry(get=staff_only(404)),  # the catch-all, for any other path
    # Bookings change only through the booking rules; the change form is all read-only.
    # Adding one is booking it at the desk: the admin is sent there, and nothing is created.
    "admin:clinic_sessions_appointment_add": Entry(
        get=staff_only(TO_DESK_BOOKING), post=staff_only(TO_DESK_BOOKING)
    ),
    "admin:clinic_sessions_appointment_change": Entry(
        get=staff_only(200),
        post=staff_only(Redirect("admin:clinic_sessions_appointment_changelist")),
    ),
    # Notes are written and signed by therapists: the admin reads them and changes nothing.
    "admin:notes_sessionnote_add": Entry(get=staff_only(403), post=staff_only(403)),
    "admin:notes_sessionnote_change": Entry(get=staff_only(200), post=staff_only(403)),
    "admin:notes_sessionnote_delete": Entry(get=staff_only(403), post=staff_only(403)),
    # Messages are the record of what was sent; the change form is all read-only.
    "admin:messaging_message_add": Entry(get=staff_only(403), post=staff_only(403)),
    "admin:messaging_message_change": Entry(
        get=staff_only(200), post=staff_only(Redirect("admin:messaging_message_changelist"))
    ),
    "admin:messaging_message_delete": Entry(get=staff_only(403), post=staff_only(403)),
    # Clients join the waitlist themselves.
    "admin:waitlist_waitlistentry_add": Entry(get=staff_only(403), post=staff_only(403)),
    # Credentials are submitted by their therapists; their history refers to them.
    "admin:credentials_credential_add": Entry(get=staff_only(403), post=staff_only(403)),
    "admin:credentials_credential_delete": Entry(get=staff_only(403), post=staff_only(403)),
    # A consent text clients agreed to is never deleted: a new version replaces it.
    "admin:consent_consentdocument_delete": Entry(get=staff_only(403), post=staff_only(403)),
    # The records of what happened (audit trail, change history, credential events) are read
    # only: nobody adds, changes or deletes one.
    **{
        f"admin:{model}_{view}": Entry(get=staff_only(answer), post=staff_only(403))
        for model in ("audit_auditevent", "auditlog_logentry", "credentials_credentialevent")
        for view, answer in (("add", 403), ("change", 200), ("delete", 403))
    },
    # API tokens come from signing in; the admin only sees and revokes them.
    "admin:clinic_apitoken_add": Entry(get=staff_only(403), post=staff_only(403)),
    "admin:clinic_apitoken_change": Entry(get=staff_only(200), post=staff_only(403)),
    # Lockout records come from sign-ins: none is added by hand, the change form is all
    # read-only; deleting an attempt is how a lockout is lifted.
    **{
        f"admin:axes_{model}_{view}": entry
        for model in ("accessattempt", "accesslog", "accessfailurelog")
        for view, entry in (
            ("add", Entry(get=staff_only(403), post=staff_only(403))),
            (
                "change",
                Entry(
                    get=staff_only(200),
                    post=staff_only(Redirect(f"admin:axes_{model}_changelist")),
                ),
            ),
        )
    },
    # An authenticator's secret is never shown again (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    **{
        f"admin:otp_totp_totpdevice_{view}": Entry(
            get=staff_only(403), post=staff_only(403), params={"pk": "device_pk"}
        )
        for view in ("config", "qrcode")
    },
}


def admin_entry(url: Url) -> Entry:
    if url.key in ADMIN_EXCEPTIONS:
        return ADMIN_EXCEPTIONS[url.key]
    if url.name is None and url.route.endswith("/<path:object_id>/"):  # the old change URL
        options = url.callback.model_admin.model._meta
        return Entry(
            get=staff_only(Redirect(f"admin:{options.app_label}_{options.model_name}_change"))
        )
    if url.key in ADMIN_READS or url.key.endswith("_history"):
        return ADMIN_READ_RULE
    return ADMIN_RULE


def entry_for(url: Url) -> Entry | None:
    if url.key in EXCLUDED:
        return None
    if url.namespace == "admin":
        return admin_entry(url)
    return MATRIX.get(url.key)


def cases() -> list:
    params = []
    for url in project_urls():
        entry = entry_for(url)
        if entry is None:  # excluded, or named by test_every_url_has_an_entry
            continue
        tried = [("GET", entry.get)] + ([("POST", entry.post)] if entry.post else [])
        for method, answers in tried:
            for role, answer in zip(ROLES, answers, strict=True):
                case_id = f"{url.key}-{method}-{role}"
                params.append(pytest.param(url, method, role, answer, id=case_id))
    return params


# Online payment's pages and webhook answer only when its keys are set; Stripe's API is a
# closed local port, so nothing could leave the machine.
ONLINE_PAYMENT_ON = {
    "STRIPE_SECRET_KEY": "sk_test_matrix",
    "STRIPE_WEBHOOK_SECRET": "whsec_matrix",
    "STRIPE_API_BASE": "http://127.0.0.1:9",
}


@pytest.fixture(autouse=True)
def online_payment_on(settings):
    for name, value in ONLINE_PAYMENT_ON.items():
        setattr(settings, name, value)


@pytest.fixture(scope="module")
def shared_scenario(django_db_setup, django_db_blocker) -> Iterator[Scenario]:
    """The scenario, built once for the module's thousands of cases: in a transaction that each
    case's own rolls back to, itself rolled back after the module's last case."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(**ONLINE_PAYMENT_ON):
            built = build_scenario()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def sessions(shared_scenario, django_db_blocker) -> dict[str, str]:
    """Each role's session key, signed in once for the module's cases, in the scenario's
    transaction: what a case does to its session rolls back with the rest of the case."""
    with django_db_blocker.unblock():
        return {
            role: signed_in_session(user)
            for role, user in shared_scenario.people.items()
            if user is not None
        }


def signed_in_session(user) -> str:
    http = Client()
    sign_in_fully(http, user)  # before the autouse fixture that makes force_login do this
    return http.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def scenario(shared_scenario) -> Scenario:
    """The case's own copy of the scenario's people and arguments, as Django's setUpTestData
    gives each test: what a case changes on them in memory stays with it."""
    return copy.deepcopy(shared_scenario)


def send(path: str, method: str, session_key: str | None, body: dict):
    http = Client()
    if session_key is not None:
        http.cookies[settings.SESSION_COOKIE_NAME] = session_key
    if method == "GET":
        return http.get(path)
    if path.startswith("/api/"):
        return http.post(path, json.dumps(body), content_type="application/json")
    return http.post(path, body)


@pytest.mark.parametrize(("url", "method", "role", "answer"), cases())
def test_url_answers_each_role(scenario, sessions, url, method, role, answer):
    entry = entry_for(url)
    args = admin_args(url, scenario.args) if url.namespace == "admin" else scenario.args
    kwargs = {param: args[entry.params.get(param, param)] for param in url.params}
    path = url.path(kwargs)

    response = send(path, method, sessions.get(role), entry.body)

    assert response.status_code != 500
    assert answer_of(response) == expected_answer(answer, path=path, kwargs=kwargs, args=args)


def test_every_url_has_an_entry():
    missing = [
        f"{url.key} ({url.route})"
        for url in project_urls()
        if url.namespace != "admin" and url.key not in MATRIX and url.key not in EXCLUDED
    ]

    assert not missing, "URLs without an entry in the access matrix: " + ", ".join(missing)


def test_every_entry_is_a_url():
    keys = {url.key for url in project_urls()}
    admin_keys = {url.key for url in project_urls() if url.namespace == "admin"}

    gone = sorted({*MATRIX, *EXCLUDED} - keys) + sorted(
        {*ADMIN_EXCEPTIONS, *ADMIN_READS} - admin_keys
    )

    assert not gone, "entries for URLs that no longer exist: " + ", ".join(gone)
