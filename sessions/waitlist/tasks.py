from celery import shared_task

from .offers import offers_expire


@shared_task
def expire_waitlist_offers() -> int:
    """Every minute (beat): close expired offers and offer their slots to the next in line."""
    return offers_expire()
