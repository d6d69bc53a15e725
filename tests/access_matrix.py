"""The pieces of the access-matrix test: every URL pattern of the project, read from the
URL configuration, the concrete path of each, and the answers a request can expect."""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import cache

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.intake.forms import STEPS
from clinic.accounts.apitokens import api_token_create
from clinic.accounts.confirmation import email_confirmation_token
from clinic.accounts.twofactor import backup_codes_renew
from sessions.billing.fees import no_show_fee_charge
from sessions.billing.models import OnlinePayment
from sessions.billing.sales import gift_card_sell, membership_start, package_sell
from sessions.billing.services import appointment_checkout
from sessions.calendars.services import calendar_feed_rotate
from sessions.checkins.services import check_in_token
from sessions.models import Appointment, AppointmentSeries, AppointmentStatus
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ClientProfileFactory,
    DeskFactory,
    MembershipPlanFactory,
    MessageFactory,
    PackageProductFactory,
    ServiceFactory,
    SessionNoteFactory,
    TherapistFactory,
    WaitlistEntryFactory,
    WaitlistOfferFactory,
    bookable_therapist,
    signed_note,
    submit_intake,
)
from tests.otp import confirmed_authenticator
from tests.therapists.credentials.documents import png_upload
from therapists.credentials.services import credential_submit

ROLES = ("anonymous", "client", "other_client", "therapist", "other_therapist", "admin", "desk")

ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
REGEX_PARAM = re.compile(r"\(\?P<(\w+)>[^)]*\)")


@dataclass(frozen=True)
class Url:
    """One URL pattern: its full route, its name (with namespaces) and its parameters."""

    route: str
    name: str | None
    namespace: str | None
    callback: object = field(compare=False, repr=False)

    @property
    def key(self) -> str:
        """What the matrix is keyed by: the name, or the route of an unnamed pattern."""
        return self.name or self.route

    @property
    def params(self) -> list[str]:
        """The named groups of regex parts, then the <converter:name> parts."""
        without_groups = REGEX_PARAM.sub("", self.route)
        return REGEX_PARAM.findall(self.route) + ROUTE_PARAM.findall(without_groups)

    def path(self, args: dict) -> str:
        """The concrete path with `args` for the parameters, checked to reach this pattern."""
        path = REGEX_PARAM.sub(lambda m: str(args[m[1]]), self.route)  # first: (?P<name>...)
        path = ROUTE_PARAM.sub(lambda m: str(args[m[1]]), path)
        path = "/" + path.removeprefix("^").removesuffix("$")
        reached = resolve(path).route
        assert reached == self.route, f"{path} reaches {reached!r}, not {self.route!r}"
        return path


def _walk(resolver: URLResolver, prefix: str, namespace: str | None):
    for pattern in resolver.url_patterns:
        part = str(pattern.pattern)
        # Joined as Django joins a match's route: a regex after a prefix loses its "^".
        route = prefix + (part.removeprefix("^") if prefix else part)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield Url(route, name, namespace, pattern.callback)


@cache
def project_urls() -> tuple[Url, ...]:
    """Every reachable URL pattern, in URLconf order (a pattern shadowed by an earlier one
    with the same name and route, such as django.contrib.auth's own login, counts once)."""
    seen: dict[tuple, Url] = {}
    for url in _walk(get_resolver(), "", None):
        seen.setdefault((url.key, url.route), url)
    return tuple(seen.values())


# The answers, beside plain status codes.


class Redirect:
    """A 302 to the URL named `to`; its parameters are `fixed`, else the request's own, else
    the scenario's (e.g. the first intake step)."""

    def __init__(self, to: str, **fixed) -> None:
        self.to, self.fixed = to, fixed

    def __repr__(self) -> str:
        return f"Redirect({self.to!r})"

    def location(self, kwargs: dict, args: dict) -> str:
        target = next(url for url in project_urls() if url.name == self.to)
        values = {**args, **kwargs, **self.fixed}
        return reverse(self.to, kwargs={param: values[param] for param in target.params})


@dataclass(frozen=True)
class LoginRedirect:
    """A 302 to a sign-in page, coming back to the path asked for."""

    login_url: str

    def location(self, path: str) -> str:
        return redirect_to_login(path, reverse(self.login_url)).url


LOGIN = LoginRedirect("login")
ADMIN_LOGIN = LoginRedirect("admin:login")


def expected_answer(answer, *, path: str, kwargs: dict, args: dict) -> tuple[int, str | None]:
    """(status, Location) that `answer` stands for."""
    if isinstance(answer, LoginRedirect):
        return 302, answer.location(path)
    if isinstance(answer, Redirect):
        return 302, answer.location(kwargs, args)
    return answer, None


# The scenario every case runs against.


@dataclass
class Scenario:
    people: dict  # role -> user (None for anonymous)
    args: dict  # URL parameter (or an entry's alias for one) -> value


def _sign_in_records(user) -> TOTPDevice:
    """The user's authenticator app and backup codes, and a sign-in's lockout records."""
    device = confirmed_authenticator(user)
    backup_codes_renew(user=user)
    seen = {"username": user.email, "ip_address": "192.0.2.1", "user_agent": "test"}
    AccessAttempt.objects.create(**seen, failures_since_start=1)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)
    return device


def _prepaid(*, client, service, desk) -> tuple:
    """The client's package, membership and gift card, sold by the desk."""
    package_sell(
        client=client, product=PackageProductFactory(service=service), by=desk, payments=[]
    )
    membership = membership_start(client=client, plan=MembershipPlanFactory(), by=desk, payments=[])
    gift_card = gift_card_sell(buyer=client, amount=Decimal("50.00"), by=desk, payments=[])
    return membership, gift_card


def build_scenario() -> Scenario:
    """A client with a profile and an intake, booked with a therapist: one past session with a
    signed note and a check-in link, one past session with a draft note, one booking waiting
    for approval, a waitlist entry with an expired offer; another client with another
    therapist, each with a session of their own; the therapist's pending credential with its
    document, calendar feed and authenticator; an admin; the front desk, who checked the
    signed session out (an unpaid invoice), sold the client a package, a membership and a
    gift card, and charged a no-show fee for the draft's session."""
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, weekdays=[0])
    other_therapist = TherapistFactory(services=[service])
    client, other_client = ClientFactory(), ClientFactory()
    ClientProfileFactory(user=client)
    intake = submit_intake(client)
    now = timezone.now()
    signed = signed_note(
        appointment=AppointmentFactory(
            client=client, therapist=therapist, service=service, start=now - timedelta(days=2)
        ),
        addenda=1,
    )
    draft = SessionNoteFactory(
        appointment=AppointmentFactory(
            client=client, therapist=therapist, service=service, start=now - timedelta(days=1)
        ),
        pain_after=None,
    )
    AppointmentFactory(
        client=other_client,
        therapist=other_therapist,
        service=service,
        start=now + timedelta(days=3),
    )
    MessageFactory(appointment=signed.appointment)
    api_token_create(user=client)
    Group.objects.create(name="Front desk")
    requested = AppointmentFactory(
        client=client,
        therapist=therapist,
        service=service,
        start=now + timedelta(days=5),
        status=AppointmentStatus.PENDING_APPROVAL,
    )
    waiting = WaitlistEntryFactory(client=client, therapist=therapist, service=service)
    offer = WaitlistOfferFactory(  # expired: confirming or declining it is refused
        entry=waiting, therapist=therapist, expires_at=now - timedelta(minutes=1)
    )
    credential = credential_submit(
        therapist=therapist,
        by=therapist.user,
        fields={
            "kind": "licence",
            "number": "RMT-1",
            "issuing_authority": "College",
            "jurisdiction": "Ontario",
            "issued_on": timezone.localdate() - timedelta(days=30),
            "expires_on": timezone.localdate() + timedelta(days=700),
        },
        document=png_upload(),
    )
    series = AppointmentSeries.objects.create(every_weeks=1, count=2, created_by=AdminFactory())
    AppointmentFactory(
        client=client,
        therapist=therapist,
        service=service,
        start=now + timedelta(days=7),
        series=series,
    )
    feed = calendar_feed_rotate(therapist=therapist)
    authenticator = _sign_in_records(therapist.user)
    resetting = ClientFactory()
    desk = DeskFactory()
    _sign_in_records(desk)
    invoice, _ = appointment_checkout(appointment=signed.appointment, by=desk, payments=[])
    online_payment = OnlinePayment.objects.create(  # left unpaid on Stripe's page
        appointment=signed.appointment,
        client=client,
        amount="50.00",
        currency="CAD",
        processor="stripe",
        checkout_id="cs_test_matrix",
        created_at=now - timedelta(days=3),
    )
    membership, gift_card = _prepaid(client=client, service=service, desk=desk)
    fee = no_show_fee_charge(appointment=draft.appointment, by=desk, now=now)
    people = {
        "anonymous": None,
        "client": client,
        "other_client": other_client,
        "therapist": therapist.user,
        "other_therapist": other_therapist.user,
        "admin": AdminFactory(),
        "desk": desk,
    }
    args = {
        "pk": signed.appointment.pk,
        "client_id": client.pk,
        "draft_pk": draft.appointment.pk,
        "therapist_pk": therapist.pk,
        "token": check_in_token(signed.appointment),
        "email_token": email_confirmation_token(client),
        "step": STEPS[0].slug,
        "version": intake.version,
        "fmt": "json",
        "requested_pk": requested.pk,
        "invoice_pk": invoice.pk,
        "online_payment_pk": online_payment.pk,
        "membership_pk": membership.pk,
        "gift_card_pk": gift_card.pk,
        "code": gift_card.code,
        "fee_pk": fee.pk,
        "waiting_pk": waiting.pk,
        "offer_pk": offer.pk,
        "credential_pk": credential.pk,
        "feed_token": feed.token,
        "series_pk": series.pk,
        "device_pk": authenticator.pk,
        "slug": "activity",
        # For someone who never signs in here: signing in changes the token's user's hash.
        "reset_uidb64": urlsafe_base64_encode(force_bytes(resetting.pk)),
        "reset_token": default_token_generator.make_token(resetting),
        # The admin's own parameters; object_id is sampled per model (see admin_args).
        "id": client.pk,
        "app_label": "clinic_sessions",
        "content_type_id": ContentType.objects.get_for_model(Appointment).pk,
        "url": "no-such-page/",
    }
    return Scenario(people=people, args=args)


def admin_args(url: Url, args: dict) -> dict:
    """The scenario's arguments, with object_id an existing object of the URL's model."""
    model_admin = getattr(url.callback, "model_admin", None)
    if model_admin is None:
        return {**args, "object_id": args["pk"]}  # view_on_site: the appointment
    found = model_admin.model._default_manager.order_by("pk").first()
    assert found is not None, f"the scenario has no {model_admin.model.__name__} for {url.route}"
    return {**args, "object_id": quote(found.pk)}
