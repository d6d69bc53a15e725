from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from clients.consent.models import ConsentDocument
from clients.consent.selectors import consent_documents_current
from clinic.accounts.access import may_act_on_client_records
from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from clinic.bodymap.painchart import PainChart

from .forms import ANSWER_FIELDS, CONSENT_KINDS, IntakeAnswersForm
from .models import Intake, IntakeClearance, IntakeDraft, ScreeningStatus
from .screening import intake_screen


class IntakeInvalid(Exception):
    """The answers were refused; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("The intake has errors.")
        self.errors = errors


class ClearanceRefused(Exception):
    pass


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


def _check_consent_versions(
    read: dict[str, int | None], documents: dict[str, ConsentDocument]
) -> dict[str, list[str]]:
    """Each consent whose text changed since the client read it (the version sent back)."""
    errors = {}
    for field, kind in CONSENT_KINDS.items():
        version, current = read.get(kind), documents.get(kind)
        if version is not None and (current is None or version != current.version):
            now = f" (now version {current.version})" if current else ""
            errors[field] = [
                f"This text has changed since you read it{now}: read it again and tick the box."
            ]
    return errors


def intake_validate(
    *,
    client: User,
    answers: dict,
    chart,
    signature: str,
    consent_versions: dict[str, int | None],
    documents: dict[str, ConsentDocument],
) -> tuple[dict, PainChart]:
    """Cleaned answers and chart, or IntakeInvalid with every field's errors at once.

    `chart` is the chart's JSON as sent (text or parsed), not yet checked;
    `consent_versions` the version of each consent text the client read, by kind (None
    where not known), which must be the current one in `documents`.
    """
    form = IntakeAnswersForm(data=answers)
    errors = {} if form.is_valid() else {k: list(v) for k, v in form.errors.items()}
    for field, messages in _check_consent_versions(consent_versions, documents).items():
        errors.setdefault(field, messages)
    try:
        chart = PainChart.parse(chart if chart is not None else {})
    except ValidationError as error:
        errors["pain_chart"] = error.messages
    if refusal := _check_signature(client, signature or ""):
        errors["signature"] = [refusal]
    if errors:
        raise IntakeInvalid(errors)
    return form.cleaned_data, chart


@transaction.atomic
def intake_submit(
    *,
    client: User,
    answers: dict,
    chart,
    signature: str,
    ip: str | None,
    consent_versions: dict[str, int | None] | None = None,
) -> Intake:
    """Sign a new version of the client's intake; earlier versions stay as they were.

    The intake names the version of each consent text agreed to: the current one, which
    must be the one the client read when `consent_versions` says which that was.
    """
    if not client.is_client:
        raise IntakeInvalid({"client": ["Only clients fill an intake form."]})
    documents = consent_documents_current()
    cleaned, chart = intake_validate(
        client=client,
        answers=answers,
        chart=chart,
        signature=signature,
        consent_versions=consent_versions or {},
        documents=documents,
    )
    # Lock the client's row so two submissions can't take the same version number.
    User.objects.select_for_update().filter(pk=client.pk).exists()
    latest = Intake.objects.filter(client=client).aggregate(v=Max("version"))["v"] or 0
    screening = intake_screen(answers=cleaned, chart=chart)
    intake = Intake.objects.create(
        client=client,
        version=latest + 1,
        pain_chart=chart.to_json(),
        signature=" ".join(signature.split()),
        signed_at=timezone.now(),
        signed_ip=ip,
        screening_status=screening.status,
        screening_reasons=screening.reasons,
        consent_treatment_document=documents.get(CONSENT_KINDS["consent_treatment"]),
        consent_privacy_document=documents.get(CONSENT_KINDS["consent_privacy"]),
        **cleaned,
    )
    IntakeDraft.objects.filter(client=client).delete()
    audit(actor=client, action=AuditEvent.Action.CREATE, record=intake, ip=ip)
    return intake


def intake_answers(intake: Intake | None) -> dict:
    """An intake's answers and chart as form data, to pre-fill the next version."""
    if intake is None:
        return {}
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
    if not may_act_on_client_records(by, intake.client_id):
        raise ClearanceRefused("Only the client's therapist or an admin can record a clearance.")
    if intake.screening_status != ScreeningStatus.NEEDS_CLEARANCE:
        raise ClearanceRefused("This intake does not need a clearance.")
    if not note.strip():
        raise ClearanceRefused("Say what was checked, e.g. the physician's note.")
    clearance = IntakeClearance.objects.create(intake=intake, cleared_by=by, note=note.strip())
    audit(actor=by, action=AuditEvent.Action.CREATE, record=clearance, ip=ip)
    return clearance
