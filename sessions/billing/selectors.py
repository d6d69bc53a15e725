"""Reads of invoices that pages and the API share."""

from django.db.models import Prefetch

from clinic.clock import clinic_zone
from therapists.credentials.models import Credential, CredentialKind, CredentialStatus

from .models import Invoice

LICENCES = Prefetch(
    "appointment__therapist__credentials",
    queryset=Credential.objects.filter(
        kind=CredentialKind.LICENCE, status=CredentialStatus.VERIFIED
    ).order_by("-expires_on"),
    to_attr="verified_licences",
)


def invoices_for(user, *, client_id: int | None = None):
    """The invoices this user may read, newest first, with what each shows (its lines, its
    amounts, its therapist's licences): three queries whatever their number."""
    invoices = Invoice.objects.visible_to(user).with_amounts()
    if client_id is not None:
        invoices = invoices.filter(client_id=client_id)
    return invoices.select_related("appointment__therapist__user").prefetch_related(
        "lines", LICENCES
    )


def invoice_rows(user, *, client_id: int):
    """A client's invoices as a list shows them, with their amounts and what each is for:
    one query whatever their number."""
    return (
        Invoice.objects.visible_to(user)
        .with_amounts()
        .filter(client_id=client_id)
        .select_related("appointment__service", "credit_of")
    )


def for_receipt(invoices):
    """These invoices with all a receipt shows: the client, the session's service and
    therapist with their licences, the lines, the payments and the corrected invoice."""
    return (
        invoices.with_amounts()
        .select_related(
            "client", "credit_of", "appointment__service", "appointment__therapist__user"
        )
        .prefetch_related("lines", "payments", LICENCES)
    )


def therapist_registration(invoice: Invoice) -> str | None:
    """What an insurer asks for: the session's therapist's licence number, verified and valid
    on the session's date, with its issuing college; None without a session."""
    appointment = invoice.appointment
    if appointment is None:
        return None
    day = appointment.start.astimezone(clinic_zone()).date()
    therapist = appointment.therapist
    licences = getattr(therapist, "verified_licences", None)
    if licences is None:
        licences = therapist.credentials.filter(
            kind=CredentialKind.LICENCE, status=CredentialStatus.VERIFIED
        ).order_by("-expires_on")
    valid = [licence for licence in licences if licence.issued_on <= day <= licence.expires_on]
    return f"{valid[0].number}, {valid[0].issuing_authority}" if valid else None
