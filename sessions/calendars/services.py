import secrets

from django.db import transaction

from therapists.models import Therapist

from .models import CalendarFeed


@transaction.atomic
def calendar_feed_rotate(*, therapist: Therapist) -> CalendarFeed:
    """A new secret for the therapist's feed; the old URL stops working at once."""
    feed, _ = CalendarFeed.objects.update_or_create(
        therapist=therapist, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed
