"""The desk sells packages, gift cards and memberships to a client, each with a confirm step,
and ends a membership. The rules are billing's (sessions.billing.sales)."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from clinic.clock import spoken
from clinic.web.requests import client_ip
from sessions.billing.models import GiftCard, Membership
from sessions.billing.sales import (
    gift_card_sell,
    membership_end,
    membership_renew,
    membership_start,
    package_sell,
)
from sessions.billing.services import BillingRefused, PaymentIn, line_amounts

from .client_views import _client_or_404, desk_form, desk_page
from .prepaid_forms import (
    LATER,
    GiftCardSaleForm,
    MembershipStartForm,
    PackageSaleForm,
    SalePaymentForm,
)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _taxed(price: Decimal, tax_rate: Decimal) -> Decimal:
    return line_amounts(quantity=1, unit_price=price, tax_rate=tax_rate)["total"]


def _payments(form: SalePaymentForm, total: Decimal) -> list[PaymentIn]:
    method = form.cleaned_data["method"]
    if method == LATER or total == 0:
        return []
    return [PaymentIn(method=method, amount=total, reference=form.cleaned_data["reference"])]


def _sale_page(request, *, form, client, title: str, what: str, total, sell, done):
    """The sale's form; once valid, its confirm step; once confirmed, the sale."""
    context = {"form": form, "client": client, "title": title, "what": what, "total": total}
    context["currency"] = settings.CLINIC_CURRENCY
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirmed") != "yes":
            context["kept"] = {name: request.POST.get(name, "") for name in form.fields}
            context["paid_by"] = dict(form.fields["method"].choices)[form.cleaned_data["method"]]
            return render(request, "desk/sale_confirm.html", context)
        try:
            sold = sell(_payments(form, total))
        except BillingRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return done(sold)
    status = 400 if form.errors else 200
    return render(request, "desk/sale_form.html", context, status=status)


def _back_to_client(request, client, message: str):
    messages.success(request, message)
    return redirect("desk-client", client_id=client.pk)


@desk_form
def package_sell_view(request, client_id: int):
    client = _client_or_404(client_id)
    form = PackageSaleForm(_posted(request))
    product = form.cleaned_data["product"] if form.is_bound and form.is_valid() else None
    return _sale_page(
        request,
        form=form,
        client=client,
        title="Sell a package",
        what=str(product) if product else "",
        total=_taxed(product.price, product.tax_rate) if product else None,
        sell=lambda payments: package_sell(
            client=client,
            product=product,
            by=request.user,
            payments=payments,
            ip=client_ip(request),
        ),
        done=lambda package: _back_to_client(
            request, client, f"Sold: {package.product}, invoice {package.invoice.number}."
        ),
    )


@desk_form
def membership_start_view(request, client_id: int):
    client = _client_or_404(client_id)
    form = MembershipStartForm(_posted(request))
    plan = form.cleaned_data["plan"] if form.is_bound and form.is_valid() else None
    return _sale_page(
        request,
        form=form,
        client=client,
        title="Start a membership",
        what=f"{plan}, its first month" if plan else "",
        total=_taxed(plan.price, plan.tax_rate) if plan else None,
        sell=lambda payments: membership_start(
            client=client, plan=plan, by=request.user, payments=payments, ip=client_ip(request)
        ),
        done=lambda membership: _back_to_client(request, client, f"Started: {membership.plan}."),
    )


@desk_form
def gift_card_sell_view(request, client_id: int):
    client = _client_or_404(client_id)
    form = GiftCardSaleForm(_posted(request))
    valid = form.is_bound and form.is_valid()
    return _sale_page(
        request,
        form=form,
        client=client,
        title="Sell a gift card",
        what="A gift card" if valid else "",
        total=form.total() if valid else None,
        sell=lambda payments: gift_card_sell(
            buyer=client,
            amount=form.total(),
            recipient=form.cleaned_data["recipient"],
            by=request.user,
            payments=payments,
            ip=client_ip(request),
        ),
        done=lambda card: redirect("desk-gift-card", pk=card.pk),
    )


def _membership_or_404(pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("plan", "client"), pk=pk)


@desk_form
def membership_renew_view(request, pk: int):
    membership = _membership_or_404(pk)
    plan = membership.plan
    form = SalePaymentForm(_posted(request))
    return _sale_page(
        request,
        form=form,
        client=membership.client,
        title="Charge the next month",
        what=f"{plan}, its next month",
        total=_taxed(plan.price, plan.tax_rate),
        sell=lambda payments: membership_renew(
            membership=membership, by=request.user, payments=payments, ip=client_ip(request)
        ),
        done=lambda period: _back_to_client(
            request, membership.client, f"Charged: {plan} from {spoken(period.starts_on)}."
        ),
    )


@desk_form
def membership_end_view(request, pk: int):
    membership = _membership_or_404(pk)
    if request.method == "POST":
        try:
            membership_end(membership=membership, by=request.user, ip=client_ip(request))
        except BillingRefused as refusal:
            messages.error(request, refusal.message)
        else:
            return _back_to_client(request, membership.client, f"Ended: {membership.plan}.")
    return render(request, "desk/membership_end.html", {"membership": membership})


@desk_page
def gift_card_detail(request, pk: int):
    card = get_object_or_404(
        GiftCard.objects.select_related("buyer", "recipient", "invoice"), pk=pk
    )
    uses = card.uses.select_related("payment__invoice").order_by("used_at", "pk")
    context = {"card": card, "uses": uses, "currency": settings.CLINIC_CURRENCY}
    return render(request, "desk/gift_card.html", context)
