"""Messages about signing up: the link that confirms a new client's email address, and the
note to an address's owner that someone tried to sign up with it."""

from datetime import datetime, timedelta

from django.urls import reverse

from clinic.accounts.confirmation import LINK_LIFETIME, email_confirmation_token
from clinic.accounts.models import User
from clinic.messaging.kinds import EMAIL_ONLY, Kind, link, register
from clinic.messaging.models import Message
from clinic.messaging.services import dispatch_after_commit, message_plan

SEND_WITHIN = timedelta(hours=1)


def _confirmation_context(message: Message) -> dict:
    """The link is made as the message is sent, so it is kept nowhere."""
    token = email_confirmation_token(message.recipient)
    return {
        "confirm_url": link(reverse("email-confirm", args=[token])),
        "days": LINK_LIFETIME.days,
    }


def _confirmed_already(message: Message, now: datetime) -> str:
    return "The email address is confirmed already." if message.recipient.email_confirmed else ""


EMAIL_CONFIRMATION = register(
    Kind(
        name="email_confirm",
        label="Email confirmation",
        context=_confirmation_context,
        stale=_confirmed_already,
        channels=EMAIL_ONLY,
        essential=True,
    )
)


def _sign_up_attempt_context(message: Message) -> dict:
    return {
        "sign_in_url": link(reverse("login")),
        "reset_url": link(reverse("password_reset")),
    }


def _account_closed(message: Message, now: datetime) -> str:
    return "" if message.recipient.is_active else "The account is closed."


SIGN_UP_ATTEMPT = register(
    Kind(
        name="sign_up_attempt",
        label="Sign-up with an email in use",
        context=_sign_up_attempt_context,
        stale=_account_closed,
        channels=EMAIL_ONLY,
        essential=True,
    )
)


def plan_email_confirmation(user: User, *, now: datetime) -> None:
    """A confirmation link, at most one an hour however often it is asked for."""
    _plan_now(user, EMAIL_CONFIRMATION, key=f"email_confirmation:{user.pk}:{now:%Y%m%d%H}", now=now)


def plan_sign_up_attempt(user: User, *, now: datetime) -> None:
    """Tell the owner that their address was used to sign up, at most once a day."""
    _plan_now(user, SIGN_UP_ATTEMPT, key=f"sign_up_attempt:{user.pk}:{now:%Y%m%d}", now=now)


def _plan_now(user: User, kind: Kind, *, key: str, now: datetime) -> None:
    message_plan(
        kind=kind, recipient=user, subject=user, due_at=now, send_by=now + SEND_WITHIN, key=key
    )
    dispatch_after_commit()
