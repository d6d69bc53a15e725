from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from rest_framework.authtoken.models import Token

from clinic.accounts.models import Role, User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from clinic.bodymap.painchart import clean_chart
from sessions.models import Appointment, Message, MessageState
from sessions.services import appointment_cancel

from .forms import IntakeAnswersForm
from .models import ClientProfile, Intake, IntakeClearance, IntakeDraft, ScreeningStatus
from .screening import intake_screen
from .selectors import can_read_client_records, upcoming_sessions


class IntakeInvalid(Exception):
    """The answers were refused; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("The intake has errors.")
        self.errors = errors


class ClearanceRefused(Exception):
    pass


@transaction.atomic
def client_register(
    *, email: str, password: str, first_name: str, last_name: str, phone: str = ""
) -> User:
    user = User.objects.create_user(
        email, password, first_name=first_name, last_name=last_name, role=Role.CLIENT
    )
    ClientProfile.objects.create(user=user, phone=phone)
    return user


def _normalised_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _check_signature(client: User, signature: str) -> str | None:
    """The reason the typed signature is refused, or None."""
    if not signature.strip():
        return "Type your full name to sign."
    expected = client.get_full_name()
    if expected and _normalised_name(signature) != _normalised_name(expected):
        return f"Type your full name as on your account: {expected}."
    return None


def intake_validate(*, client: User, answers: dict, chart, signature: str) -> tuple[dict, dict]:
    """Cleaned answers and chart, or IntakeInvalid with every field's errors at once."""
    form = IntakeAnswersForm(data=answers)
    errors = {} if form.is_valid() else {k: list(v) for k, v in form.errors.items()}
    try:
        chart = clean_chart(chart if chart is not None else {})
    except ValidationError as error:
        errors["pain_chart"] = error.messages
    if refusal := _check_signature(client, signature or ""):
        errors["signature"] = [refusal]
    if errors:
        raise IntakeInvalid(errors)
    return form.cleaned_data, chart


@transaction.atomic
def intake_submit(*, client: User, answers: dict, chart, signature: str, ip: str | None) -> Intake:
    """Sign a new version of the client's intake; earlier versions stay as they were."""
    if not client.is_client:
        raise IntakeInvalid({"client": ["Only clients fill an intake form."]})
    cleaned, chart = intake_validate(
        client=client, answers=answers, chart=chart, signature=signature
    )
    # Lock the client's row so two submissions can't take the same version number.
    User.objects.select_for_update().filter(pk=client.pk).exists()
    latest = Intake.objects.filter(client=client).aggregate(v=Max("version"))["v"] or 0
    screening = intake_screen(answers=cleaned, chart=chart)
    intake = Intake.objects.create(
        client=client,
        version=latest + 1,
        pain_chart=chart,
        signature=" ".join(signature.split()),
        signed_at=timezone.now(),
        signed_ip=ip,
        screening_status=screening.status,
        screening_reasons=screening.reasons,
        **cleaned,
    )
    IntakeDraft.objects.filter(client=client).delete()
    audit(actor=client, action=AuditEvent.Action.CREATE, record=intake, ip=ip)
    return intake


def intake_answers(intake: Intake | None) -> dict:
    """An intake's answers and chart as form data, to pre-fill the next version."""
    if intake is None:
        return {}
    from .forms import ANSWER_FIELDS

    answers = {name: getattr(intake, name) for name in ANSWER_FIELDS}
    answers.update(consent_treatment=False, consent_privacy=False, pain_chart=intake.pain_chart)
    return answers


def intake_draft_start(*, client: User) -> IntakeDraft:
    """The client's draft, begun from their last version when there is none yet."""
    draft, created = IntakeDraft.objects.get_or_create(client=client)
    if created:
        draft.answers = intake_answers(Intake.objects.current_for(client))
        draft.save(update_fields=["answers"])
    return draft


def intake_draft_save(*, draft: IntakeDraft, answers: dict) -> IntakeDraft:
    draft.answers = {**draft.answers, **answers}
    draft.save(update_fields=["answers", "updated_at"])
    return draft


@transaction.atomic
def intake_clear(*, intake: Intake, by: User, note: str, ip: str | None) -> IntakeClearance:
    """Record that a "needs clearance" intake may go ahead (a therapist's or an admin's call)."""
    if not (by.is_therapist or by.is_clinic_admin) or not can_read_client_records(
        by, intake.client_id
    ):
        raise ClearanceRefused("Only the client's therapist or an admin can record a clearance.")
    if intake.screening_status != ScreeningStatus.NEEDS_CLEARANCE:
        raise ClearanceRefused("This intake does not need a clearance.")
    if not note.strip():
        raise ClearanceRefused("Say what was checked, e.g. the physician's note.")
    clearance = IntakeClearance.objects.create(intake=intake, cleared_by=by, note=note.strip())
    audit(actor=by, action=AuditEvent.Action.CREATE, record=clearance, ip=ip)
    return clearance


class CloseRefused(Exception):
    pass


CLOSED_REASON = "The client closed their account."


@transaction.atomic
def account_close(*, user: User, password_confirmed: bool, ip: str | None) -> list[Appointment]:
    """Close a client's account at their request; return the sessions it cancelled.
    The caller checks the password as a sign-in (clinic.signin.password_confirmed).

    The clinical records (intakes, notes, appointments, check-ins) stay, as the clinic must
    keep them; the person's access goes: the account is deactivated and every session and
    API token ends. The phone is blanked (the signed intakes keep the contact details the
    record needs) and messages stop.
    """
    if not user.is_client:
        raise CloseRefused("Only a client's own account can be closed here.")
    if not user.is_active or not password_confirmed:
        raise CloseRefused("The password is not right.")
    now = timezone.now()
    cancelled = [
        appointment_cancel(appointment=appointment, by=user, reason=CLOSED_REASON, now=now)
        for appointment in upcoming_sessions(user, now=now)
    ]
    # After the cancellations, whose notices to the client are skipped with the rest.
    Message.objects.filter(recipient=user, state__in=UNSENT).update(
        state=MessageState.SKIPPED, skip_reason=CLOSED_REASON
    )
    _blank_contact(user, now=now)
    IntakeDraft.objects.filter(client=user).delete()
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    Token.objects.filter(user=user).delete()
    end_sessions(user)
    audit(
        actor=user,
        action=AuditEvent.Action.CHANGE,
        record=user,
        ip=ip,
        detail="account closed",
    )
    return cancelled


UNSENT = [MessageState.PENDING, MessageState.QUEUED]


def _blank_contact(user: User, *, now) -> None:
    profile, _ = ClientProfile.objects.get_or_create(user=user)
    profile.phone = ""
    profile.by_sms = profile.reminders = profile.reminder_2h = False
    profile.closed_at = now
    profile.closed_by = user
    profile.save()


def end_sessions(user: User) -> None:
    """Delete every signed-in session of this user (the session table holds no user column,
    so each live session is decoded; closing an account is rare)."""
    user_id = str(user.pk)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == user_id
    ]
    Session.objects.filter(pk__in=ended).delete()
