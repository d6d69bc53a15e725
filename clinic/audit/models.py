from django.conf import settings
from django.db import models
from django.utils import timezone

from clinic.clock import spoken


class AuditTrailIsAppendOnly(Exception):
    """An audit event was to be changed or deleted: the trail only ever grows."""

    def __init__(self) -> None:
        super().__init__("Audit events are never changed or deleted.")


class AuditEventQuerySet(models.QuerySet):
    """Adds and reads only: bulk updates and deletes are refused (as is a row's save() of an
    existing event, its delete(), and, in the database, every UPDATE by a trigger)."""

    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly

    def delete(self):
        raise AuditTrailIsAppendOnly

    def _raw_delete(self, using):
        raise AuditTrailIsAppendOnly


class AuditEvent(models.Model):
    """Who did what to which record, when and from where. Rows are only ever added."""

    class Action(models.TextChoices):
        READ = "read", "Read"
        CREATE = "create", "Create"
        CHANGE = "change", "Change"
        SIGN = "sign", "Sign"
        EXPORT = "export", "Export"
        DELETE = "delete", "Delete"
        SIGN_IN = "sign_in", "Sign-in"
        SIGN_OUT = "sign_out", "Sign-out"
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
        LOCKOUT = "lockout", "Lockout"

    # PROTECT: a person who appears in the trail is deactivated, never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=40)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The person the record is about: the client, or the account signing in.",
    )
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        db_table = "clinic_auditevent"  # made when the trail was part of the clinic app
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="audit_record")]

    def __str__(self) -> str:
        record = f"{self.record_type} {self.record_id}"
        return f"{spoken(self.at)} {self.actor_id} {self.action} {record}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly
