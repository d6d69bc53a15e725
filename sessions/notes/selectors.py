from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from clinic.accounts.access import is_admin, may_read_client_records

from .models import NoteStatus, SessionNote


def notes_visible_to(user, client_id: int):
    """The client's notes this user may read, newest first, with their points and addenda.

    Admins read all; therapists of the client read signed notes and their own drafts; the
    client reads their signed notes (pages and API leave out therapist-only remarks).
    """
    notes = (
        SessionNote.objects.filter(appointment__client_id=client_id)
        .select_related("appointment__service", "appointment__therapist", "author", "intake")
        .prefetch_related("points", "addenda__author")
        .order_by("-appointment__start")
    )
    if not may_read_client_records(user, client_id):
        return notes.none()
    if is_admin(user):
        return notes
    if user.is_therapist:
        return notes.filter(Q(author=user) | Q(status=NoteStatus.SIGNED))
    return notes.filter(status=NoteStatus.SIGNED)


def overdue_drafts(therapist_user, now=None):
    """Drafts of this therapist older than 48 hours: flagged on the schedule."""
    now = now or timezone.now()
    return (
        SessionNote.objects.filter(
            author=therapist_user,
            status=NoteStatus.DRAFT,
            appointment__start__lt=now - UNSIGNED_AFTER,
        )
        .select_related("appointment__client", "appointment__service")
        .order_by("appointment__start")
    )


UNSIGNED_AFTER = timedelta(hours=48)
