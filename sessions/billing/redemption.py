"""Paying with what a client paid for before: a gift card's balance, a package's sessions or a
membership's monthly credit. Each draw locks the row it takes from (select_for_update) and
writes a `PrepaidUse` naming the payment; the database refuses a balance below zero.

A package payment pays one whole session (the session invoice's total) from the client's
package for that session's service, the one that expires first unless the reference names
one; without such a package, or with the reference "membership", it spends the credit of the
membership month running today.
"""

import secrets
from datetime import date, datetime

from django.db.models import Max, Sum

from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from clinic.clock import clinic_zone, spoken
from clinic.web.requests import row_id

from .models import Invoice, InvoiceKind, Payment, PaymentMethod
from .prepaid import ClientPackage, GiftCard, MembershipPeriod, PrepaidUse

PREPAID_METHODS = {PaymentMethod.GIFT_CARD, PaymentMethod.PACKAGE}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_GROUPS, GROUP_LENGTH = 3, 4
UNKNOWN_CARD = "Unknown gift card."
UNKNOWN_PACKAGE = "Unknown package."
MEMBERSHIP = "membership"


class Unredeemable(Exception):
    """A draw the balance or the rules refuse; the message says why, for the desk."""


def gift_card_code_new() -> str:
    """Twelve random characters (about 60 bits) in groups of four: XXXX-XXXX-XXXX."""
    characters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * GROUP_LENGTH))
    return _grouped(characters)


def _grouped(characters: str) -> str:
    groups = range(0, len(characters), GROUP_LENGTH)
    return "-".join(characters[start : start + GROUP_LENGTH] for start in groups)


def gift_card_code_normalized(text: str) -> str:
    """A code as typed (any case, spaces or dashes anywhere) in its stored form."""
    characters = "".join(c for c in text.upper() if c.isalnum())
    return _grouped(characters) if len(characters) == CODE_GROUPS * GROUP_LENGTH else ""


def redeem(*, payment: Payment, invoice: Invoice, by: User, now: datetime, ip: str | None) -> None:
    """Draw `payment` from what it names, in the caller's transaction, and audit the use."""
    today = now.astimezone(clinic_zone()).date()
    if payment.method == PaymentMethod.GIFT_CARD:
        use = _draw_gift_card(payment, invoice, today)
    else:
        use = _draw_session_credit(payment, invoice, today)
    use.used_at = now
    use.save()
    audit(
        actor=by,
        action=AuditEvent.Action.CREATE,
        record=use,
        ip=ip,
        subject=invoice.client,
        detail=f"{invoice.number}: {payment.method} {payment.amount}, {_drawn_from(use)}",
    )


def _drawn_from(use: PrepaidUse) -> str:
    if use.gift_card is not None:
        return f"gift card {use.gift_card.code}, {use.gift_card.balance} left"
    if use.package is not None:
        return f"package {use.package.pk}, {use.package.sessions_left} sessions left"
    return f"membership {use.period.membership_id}, {use.period.credit_left} left this month"


def _draw_gift_card(payment: Payment, invoice: Invoice, today: date) -> PrepaidUse:
    if invoice.kind == InvoiceKind.GIFT_CARD:
        raise Unredeemable("A gift card does not buy a gift card.")
    card = usable_gift_card(payment.reference, payment.amount, today=today, lock=True)
    card.balance -= payment.amount
    card.save(update_fields=["balance"])
    return PrepaidUse(payment=payment, gift_card=card, amount=payment.amount)


def usable_gift_card(reference: str, amount, *, today: date, lock: bool = False) -> GiftCard:
    """The gift card `reference` names if it can pay `amount` today (locked when `lock`, for
    the transaction that draws on it); Unredeemable says why not."""
    code = gift_card_code_normalized(reference)
    cards = GiftCard.objects.select_for_update() if lock else GiftCard.objects
    card = cards.filter(code=code).first() if code else None
    if card is None:
        raise Unredeemable(UNKNOWN_CARD)
    if card.expired(today):
        raise Unredeemable(f"The gift card {card.code} expired on {spoken(card.expires_on)}.")
    if card.balance < amount:
        raise Unredeemable(f"The gift card {card.code} has only {card.balance} left.")
    return card


def _draw_session_credit(payment: Payment, invoice: Invoice, today: date) -> PrepaidUse:
    if invoice.kind != InvoiceKind.SESSION or invoice.appointment_id is None:
        raise Unredeemable("Package and membership credit pay for sessions only.")
    reference = payment.reference.strip().lower()
    if reference == MEMBERSHIP:
        return _draw_membership(payment, invoice, today)
    if reference:
        return _draw_package(payment, invoice, _named_package(invoice, reference), today)
    package = _first_usable_package(invoice, today)
    if package is not None:
        return _draw_package(payment, invoice, package, today)
    return _draw_membership(payment, invoice, today)


def _client_packages(invoice: Invoice):
    return ClientPackage.objects.select_for_update().filter(
        client_id=invoice.client_id, product__service_id=invoice.appointment.service_id
    )


def _named_package(invoice: Invoice, reference: str) -> ClientPackage:
    package_id = row_id(reference)
    packages = _client_packages(invoice)
    package = None if package_id is None else packages.filter(pk=package_id).first()
    if package is None:
        raise Unredeemable(UNKNOWN_PACKAGE)
    return package


def _first_usable_package(invoice: Invoice, today: date) -> ClientPackage | None:
    usable = _client_packages(invoice).filter(sessions_left__gt=0, expires_on__gte=today)
    return usable.order_by("expires_on", "pk").first()


def _draw_package(
    payment: Payment, invoice: Invoice, package: ClientPackage, today: date
) -> PrepaidUse:
    if package.expired(today):
        raise Unredeemable(f"This package expired on {spoken(package.expires_on)}.")
    if package.sessions_left < 1:
        raise Unredeemable("This package has no sessions left.")
    if payment.amount != invoice.total:
        raise Unredeemable(f"A package session pays the whole session: {invoice.total}.")
    package.sessions_left -= 1
    package.save(update_fields=["sessions_left"])
    return PrepaidUse(payment=payment, package=package, sessions=1, amount=payment.amount)


def _draw_membership(payment: Payment, invoice: Invoice, today: date) -> PrepaidUse:
    running = MembershipPeriod.objects.select_for_update().filter(
        membership__client_id=invoice.client_id, starts_on__lte=today, ends_on__gte=today
    )
    period = running.order_by("-credit_left", "pk").first()
    if period is None:
        raise Unredeemable("No package session or membership credit left for this session.")
    if period.credit_left < payment.amount:
        raise Unredeemable(f"The membership has only {period.credit_left} left this month.")
    period.credit_left -= payment.amount
    period.save(update_fields=["credit_left"])
    return PrepaidUse(payment=payment, period=period, amount=payment.amount)


def sale_withdraw(invoice: Invoice) -> None:
    """What a sale's credit note takes back: the package, gift card or membership month it
    sold, left with nothing to spend. Refused once any of it was used, since the credit note
    gives back the whole price (refund the client what is fair instead)."""
    holding = (
        ClientPackage.objects.select_for_update().filter(invoice=invoice).first()
        or GiftCard.objects.select_for_update().filter(invoice=invoice).first()
        or MembershipPeriod.objects.select_for_update().filter(invoice=invoice).first()
    )
    if holding is None:
        return
    if holding.uses.exists():
        raise Unredeemable(f"Part of what this invoice sold has been used: {holding}.")
    if isinstance(holding, ClientPackage):
        holding.sessions_left = 0
    elif isinstance(holding, GiftCard):
        holding.balance = 0
    else:
        holding.credit_left = 0
    holding.save()


def gift_card_refund(refund: Payment, invoice: Invoice) -> None:
    """Put a refund by gift card back on the gift card that paid the invoice: the latest one
    whose draws on it, less what went back already, cover the amount. Written to the ledger
    as a negative use."""
    amount = -refund.amount
    drawn = (
        PrepaidUse.objects.filter(payment__invoice=invoice, gift_card__isnull=False)
        .values("gift_card")
        .annotate(net=Sum("amount"), last=Max("used_at"))
        .filter(net__gte=amount)
        .order_by("-last")
        .first()
    )
    if drawn is None:
        raise Unredeemable(f"No gift card paid {amount} of this invoice: refund it in parts.")
    card = GiftCard.objects.select_for_update().get(pk=drawn["gift_card"])
    card.balance += amount
    card.save(update_fields=["balance"])
    PrepaidUse.objects.create(
        payment=refund, gift_card=card, amount=-amount, used_at=refund.recorded_at
    )
