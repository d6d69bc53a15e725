"""Reads of what a client holds: packages, memberships and gift cards, with their balances."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q

from clinic.accounts.models import User

from .prepaid import ClientPackage, GiftCard, Membership, MembershipPeriod
from .redemption import gift_card_code_normalized


@dataclass(frozen=True)
class Balances:
    packages: list[ClientPackage]
    memberships: list[Membership]
    gift_cards: list[GiftCard]

    def __bool__(self) -> bool:
        return bool(self.packages or self.memberships or self.gift_cards)


def prepaid_balances(client: User, *, today: date) -> Balances:
    """What `client` may still spend today (packages with sessions left, memberships still
    running or with a month not over, gift cards with money left that they bought or were
    given, none expired): three queries, whatever their number."""
    packages = ClientPackage.objects.filter(
        client=client, sessions_left__gt=0, expires_on__gte=today
    ).select_related("product__service")
    months = MembershipPeriod.objects.filter(ends_on__gte=today).order_by("starts_on")
    memberships = (
        Membership.objects.filter(client=client)
        .filter(Q(ended_on=None) | Q(periods__ends_on__gte=today))
        .distinct()
        .select_related("plan")
        .prefetch_related(Prefetch("periods", queryset=months, to_attr="months"))
    )
    gift_cards = GiftCard.objects.filter(
        Q(buyer=client) | Q(recipient=client), balance__gt=0, expires_on__gte=today
    )
    return Balances(list(packages), list(memberships), list(gift_cards))


def gift_card_by_code(text: str) -> GiftCard | None:
    code = gift_card_code_normalized(text)
    return GiftCard.objects.filter(code=code).first() if code else None
