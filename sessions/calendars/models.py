from django.db import models


class CalendarFeed(models.Model):
    """A therapist's private calendar subscription: the token in the URL is the key."""

    therapist = models.OneToOneField(
        "therapists.Therapist", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    rotated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "clinic_sessions_calendarfeed"  # made when it was part of the sessions app

    def __str__(self) -> str:
        return f"Calendar feed of {self.therapist}"
