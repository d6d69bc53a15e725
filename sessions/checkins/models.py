from django.db import models
from django.db.models import Q

from sessions.models import Appointment


class CheckIn(models.Model):
    """The client's answer to the check-in a few days after a session (single use)."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, related_name="check_in"
    )
    pain_now = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "clinic_sessions_checkin"  # made when it was part of the sessions app
        constraints = [
            models.CheckConstraint(condition=Q(pain_now__lte=10), name="check_in_pain_0_10")
        ]

    def __str__(self) -> str:
        return f"Check-in after {self.appointment}: {self.pain_now}/10"
