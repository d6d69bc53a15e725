"""How the service tests read a note back (its row, its points, its audit trail), and the
address they act from."""

from clinic.audit.models import AuditEvent
from sessions.notes.models import SessionNote

IP = "203.0.113.9"


def audit_trail(note: SessionNote) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(record_type="notes.SessionNote", record_id=note.pk)
        .order_by("pk")
        .values_list("actor", "action", "ip")
    )


def point_rows(note: SessionNote) -> list[tuple]:
    return list(
        note.points.order_by("pk").values_list(
            "muscle",
            "other_muscle",
            "side",
            "activity",
            "technique",
            "pressure",
            "duration_seconds",
            "response",
            "referral_reproduced",
        )
    )


def note_row(note: SessionNote) -> dict:
    return SessionNote.objects.values().get(pk=note.pk)
