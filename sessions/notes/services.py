"""Session notes: open a draft, save it, sign it (then it is locked), add addenda."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from clients.intake.diff import intake_changes
from clients.intake.models import Intake
from clients.intake.screening import ScreeningLimit, intake_limits
from clinic.accounts.access import may_act_on_client_records
from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from clinic.bodymap.muscles import MUSCLES_BY_ID
from clinic.bodymap.regions import REGIONS_BY_ID
from sessions.models import Appointment, AppointmentStatus
from sessions.services import NOT_STARTED, session_has_started

from .forms import NoteForm, PointFormSet
from .messages import plan_rebook_nudge
from .models import NoteAddendum, SessionNote, Technique, TreatedPoint


class NoteRefused(Exception):
    """What the user may not do with this note (HTTP 403, or 400 for a state conflict)."""


class NoteInvalid(Exception):
    """The note's fields or points were refused; `errors` maps field names to messages."""

    def __init__(self, errors: dict) -> None:
        super().__init__("The note has errors.")
        self.errors = errors


def _check_author(appointment: Appointment, by: User) -> None:
    if appointment.therapist.user_id != by.pk:
        raise NoteRefused("Only the session's therapist writes its note.")


def _check_draft(note: SessionNote) -> None:
    if note.is_signed:
        raise NoteRefused("The note is signed and locked; add an addendum instead.")


def note_check_editable(*, note: SessionNote, by: User) -> None:
    """NoteRefused unless `by` may still change the note: its session's therapist, while it
    is a draft (pages ask before validating, so a refusal never depends on the input)."""
    _check_author(note.appointment, by)
    _check_draft(note)


def _locked_draft(note: SessionNote, by: User) -> SessionNote:
    """The note's current row, locked, if `by` may still edit it."""
    note = (
        SessionNote.objects.select_for_update()
        .select_related("appointment__therapist")
        .get(pk=note.pk)
    )
    _check_author(note.appointment, by)
    _check_draft(note)
    return note


def _subjective_from_intake(client: User, intake: Intake | None) -> str:
    if intake is None:
        return ""
    previous = Intake.objects.filter(client=client, version__lt=intake.version).first()
    changes = intake_changes(previous, intake)
    if not changes:
        return ""
    lines = [f"- {change.label}: {change.before} -> {change.after}" for change in changes]
    return f"Changes in intake version {intake.version}:\n" + "\n".join(lines)


@transaction.atomic
def note_open(*, appointment: Appointment, by: User, ip: str | None = None) -> SessionNote:
    """The appointment's note; a new draft linked to the current intake when there is none."""
    _check_author(appointment, by)
    if appointment.status == AppointmentStatus.CANCELLED:
        raise NoteRefused("A cancelled appointment has no note.")
    existing = SessionNote.objects.filter(appointment=appointment).first()
    if existing:
        return existing
    intake = Intake.objects.current_for(appointment.client)
    note = SessionNote.objects.create(
        appointment=appointment,
        author=by,
        intake=intake,
        subjective=_subjective_from_intake(appointment.client, intake),
    )
    audit(actor=by, action=AuditEvent.Action.CREATE, record=note, ip=ip)
    return note


def note_validate(*, note: SessionNote, fields: dict, points: list[dict]) -> tuple[dict, list]:
    """Cleaned note fields and points, or NoteInvalid with every error at once."""
    form = NoteForm(data=fields, instance=note)
    formset = PointFormSet(data=_formset_data(points))
    errors: dict = {}
    if not form.is_valid():
        errors.update({k: list(v) for k, v in form.errors.items()})
    if not formset.is_valid():
        # One entry per point, in order ({} for a valid one), so each error finds its point.
        per_point = [dict(e) for e in formset.errors]
        errors["points"] = (per_point if any(per_point) else []) + formset.non_form_errors()
    if errors:
        raise NoteInvalid(errors)
    return form.cleaned_data, [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data["DELETE"]
    ]


def _formset_data(points: list[dict]) -> dict:
    data = {"form-TOTAL_FORMS": str(len(points)), "form-INITIAL_FORMS": "0"}
    for index, point in enumerate(points):
        data.update({f"form-{index}-{key}": value for key, value in point.items()})
    return data


@transaction.atomic
def note_save(
    *, note: SessionNote, by: User, fields: dict, points: list[dict] | None, ip: str | None = None
) -> SessionNote:
    """Replace a draft's fields, and its treated points unless `points` is None."""
    note = _locked_draft(note, by)
    cleaned, cleaned_points = note_validate(note=note, fields=fields, points=points or [])
    for name, value in cleaned.items():
        setattr(note, name, value)
    note.save()
    if points is not None:
        note.points.all().delete()
        for point in cleaned_points:  # one by one, so the change history records each point
            TreatedPoint.objects.create(
                note=note, **{k: v for k, v in point.items() if k != "DELETE"}
            )
    audit(actor=by, action=AuditEvent.Action.CHANGE, record=note, ip=ip)
    return note


def note_limits(note: SessionNote) -> list[ScreeningLimit]:
    """The limits the screening of the client's current intake sets on the session."""
    return intake_limits(Intake.objects.current_for(note.appointment.client))


def limit_text(limit: ScreeningLimit) -> str:
    """A limit as the editor lists it: "Pressure at most 2/5; no deep tissue"."""
    parts = []
    if limit.limits.max_pressure is not None:
        parts.append(f"pressure at most {limit.limits.max_pressure}/5")
    if limit.limits.avoid_techniques:
        names = sorted(Technique(t).label.lower() for t in limit.limits.avoid_techniques)
        parts.append("no " + ", ".join(names))
    if limit.limits.avoid_regions:
        names = sorted(REGIONS_BY_ID[r].label.lower() for r in limit.limits.avoid_regions)
        parts.append("not the " + ", ".join(names))
    return "; ".join(parts).capitalize()


def _point_breaches(point: TreatedPoint, limit: ScreeningLimit) -> list[str]:
    where = f"{point.muscle_name} ({point.get_side_display().lower()})"
    region = MUSCLES_BY_ID[point.muscle].lies_in if point.muscle in MUSCLES_BY_ID else None
    breaches = []
    if limit.limits.max_pressure is not None and point.pressure > limit.limits.max_pressure:
        breaches.append(
            f"{where}: pressure {point.pressure}/5 is over {limit.limits.max_pressure}/5."
        )
    if point.technique in limit.limits.avoid_techniques:
        breaches.append(f"{where}: {Technique(point.technique).label.lower()} is to be avoided.")
    if region in limit.limits.avoid_regions:
        breaches.append(f"{where}: the {REGIONS_BY_ID[region].label.lower()} is to be avoided.")
    return [f"{breach} {limit.reason}" for breach in breaches]


def note_limit_breaches(note: SessionNote) -> list[str]:
    """What the note's treated points do that the screening limits, one line each."""
    limits = note_limits(note)
    return [
        breach
        for point in note.points.all()
        for limit in limits
        for breach in _point_breaches(point, limit)
    ]


OVERRIDE_NEEDED = (
    "The treated points break the screening's limits: write why the note is signed anyway."
)


def _check_signable(note: SessionNote, now: datetime) -> None:
    if not session_has_started(note.appointment, now=now):
        raise NoteInvalid({"appointment": [f"{NOT_STARTED} Its note is signed once it has."]})
    missing = {
        name: ["Give the pain now, 0-10, before signing."]
        for name in ("pain_before", "pain_after")
        if getattr(note, name) is None
    }
    if missing:
        raise NoteInvalid(missing)


def note_check_signable(*, note: SessionNote, by: User, now: datetime | None = None) -> None:
    """NoteRefused or NoteInvalid if the draft can't be signed yet, whatever the reason
    given for breaking a limit: pages ask before offering to sign."""
    note_check_editable(note=note, by=by)
    _check_signable(note, now or timezone.now())


@transaction.atomic
def note_sign(
    *,
    note: SessionNote,
    by: User,
    override_reason: str = "",
    now: datetime | None = None,
    ip: str | None = None,
) -> SessionNote:
    """Sign and lock the note of a session that has started; the session is then marked
    completed if it was booked (or its client had arrived). A note whose points break the
    screening's limits is signed only with a written reason, kept on the note."""
    now = now or timezone.now()
    note = _locked_draft(note, by)
    _check_signable(note, now)
    breaches = note_limit_breaches(note)
    override_reason = override_reason.strip() if breaches else ""
    if breaches and not override_reason:
        raise NoteInvalid({"override_reason": [OVERRIDE_NEEDED], "limit_breaches": breaches})
    note.status = "signed"
    note.signed_at = now
    note.limit_breaches = breaches
    note.limit_override_reason = override_reason
    note.save(
        update_fields=[
            "status",
            "signed_at",
            "limit_breaches",
            "limit_override_reason",
            "updated_at",
        ]
    )
    appointment = note.appointment
    if appointment.status in (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED):
        appointment.status = AppointmentStatus.COMPLETED
        appointment.save(update_fields=["status"])
    plan_rebook_nudge(note)
    detail = f"Screening limits overridden: {override_reason}" if breaches else ""
    audit(actor=by, action=AuditEvent.Action.SIGN, record=note, ip=ip, detail=detail)
    return note


@transaction.atomic
def note_add_addendum(
    *, note: SessionNote, by: User, text: str, ip: str | None = None
) -> NoteAddendum:
    """A correction beside a signed note, by its author, a therapist of the client or an admin."""
    if not note.is_signed:
        raise NoteRefused("A draft is corrected by editing it; addenda are for signed notes.")
    client_id = note.appointment.client_id
    if by.pk != note.author_id and not may_act_on_client_records(by, client_id):
        raise NoteRefused("Only the client's therapists and admins add addenda.")
    if not text.strip():
        raise NoteInvalid({"text": ["Write the addendum."]})
    addendum = NoteAddendum.objects.create(note=note, author=by, text=text.strip())
    audit(actor=by, action=AuditEvent.Action.CREATE, record=addendum, ip=ip)
    return addendum
