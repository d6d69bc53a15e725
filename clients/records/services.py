"""Taking a copy of a client's record: the one export service of the JSON, CSV and printable
forms, for the client's own download and for an admin's."""

from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit, audit_many

from .selectors import client_record


def record_export(*, client: User, by: User, ip: str | None) -> dict:
    """The client's whole record as `by` may read it, written to the audit trail: one event
    for the whole record, and one for each clinical record it carries."""
    record = client_record(client, viewer=by)
    export = AuditEvent.Action.EXPORT
    audit(actor=by, action=export, record=client, ip=ip, detail="whole record")
    audit_many(actor=by, action=export, records=[*record.intakes, *record.notes], ip=ip)
    return record.data
