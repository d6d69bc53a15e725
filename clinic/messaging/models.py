from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .kinds import KIND_NAME_LENGTH, label_of


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class MessageState(models.TextChoices):
    PENDING = "pending", "Pending"
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"


UNSENT = [MessageState.PENDING, MessageState.QUEUED]


class MessageQuerySet(models.QuerySet):
    def about(self, subject: models.Model) -> "MessageQuerySet":
        """The messages about this record (an appointment, an offer, a credential...)."""
        subject_type = ContentType.objects.get_for_model(subject)
        return self.filter(subject_type=subject_type, subject_id=subject.pk)

    def unsent(self) -> "MessageQuerySet":
        return self.filter(state__in=UNSENT)


class Message(models.Model):
    """One outgoing message: a row first (made with the change it is about), sent later.

    `key` makes planning idempotent (one 24-hour reminder per appointment and channel).
    `subject` is the record the message is about, whichever app it belongs to; `kind` names
    the kind of message that app declared in its messages.py. `subject_time` is the
    subject's time when the message was planned (a session's start), so a message about a
    subject that moved since is skipped rather than sent.
    """

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=KIND_NAME_LENGTH)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages"
    )
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_time = models.DateTimeField(null=True, blank=True)
    day = models.DateField(
        null=True,
        blank=True,
        help_text="The day a therapist's day is about, or the expiry an alert was planned for.",
    )
    due_at = models.DateTimeField()
    send_by = models.DateTimeField(help_text="Later than this, the message is skipped.")
    state = models.CharField(
        max_length=8, choices=MessageState.choices, default=MessageState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    skip_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        db_table = "clinic_sessions_message"  # made when messages were part of sessions
        ordering = ["-due_at"]
        indexes = [
            models.Index(fields=["state", "due_at"], name="message_state_due"),
            models.Index(fields=["subject_type", "subject_id"], name="message_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} to {self.recipient} ({self.get_state_display()})"

    @property
    def kind_label(self) -> str:
        return label_of(self.kind)
