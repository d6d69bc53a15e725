"""The desk's money pages: checking a client out, an invoice, payments on it, refunds, credit
notes, and the list of invoices. Each step that takes or gives back money is reviewed, then
confirmed; the billing services keep the rules."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from clinic.accounts.access import access_required, runs_front_desk
from clinic.web.requests import client_ip
from sessions.billing.models import Invoice, PaymentMethod
from sessions.billing.selectors import invoice_for_page
from sessions.billing.services import (
    BillingRefused,
    PaymentIn,
    appointment_checkout,
    checkout_preview,
    invoice_credit,
    invoice_pay,
    payment_refund,
    payments_check,
    refund_check,
)
from sessions.models import Appointment

from .money_forms import CreditForm, InvoiceFilterForm, RefundForm, payment_rows
from .selectors import invoice_search

FOR_THE_DESK = "These pages are for the front desk."
INVOICES_PER_PAGE = 25

desk_page = access_required(runs_front_desk, FOR_THE_DESK, methods=["GET", "HEAD"])
desk_form = access_required(runs_front_desk, FOR_THE_DESK, methods=["GET", "POST"])


def _invoice_or_404(request, pk: int) -> Invoice:
    invoice = invoice_for_page(request.user, pk)
    if invoice is None:
        raise Http404("No such invoice.")
    return invoice


def _step(request) -> str:
    """Where a form is: "review" (what it will do), "confirm" (do it), or "change" (back to
    the form as it was filled)."""
    step = request.POST.get("step", "review")
    return step if step in ("review", "confirm", "change") else "review"


def _amount(amount) -> str:
    return f"{settings.CLINIC_CURRENCY} {amount}"


def _took(invoice: Invoice, payments: list[PaymentIn]) -> str:
    if not payments:
        return f"Invoice {invoice.number} is issued, unpaid."
    total = sum(payment.amount for payment in payments)
    return f"Took {_amount(total)} for invoice {invoice.number}."


def _method_name(method: str) -> str:
    """ "card" for "Card (terminal)": a method as a sentence names it."""
    return PaymentMethod(method).label.split(" (")[0].lower()


def _summary(payments: list[PaymentIn], balance) -> str:
    """What confirming does, in words: "Take CAD 95.00: cash 50.00, card 45.00"."""
    if not payments:
        return f"Take no payment now: the balance stays {_amount(balance)}."
    total = sum(payment.amount for payment in payments)
    parts = ", ".join(f"{_method_name(p.method)} {p.amount}" for p in payments)
    return f"Take {_amount(total)}: {parts}"


def _payment_steps(
    request,
    *,
    template: str,
    context: dict,
    balance,
    take: Callable[[list[PaymentIn]], Invoice],
    at_least_one: bool = False,
):
    """The rows of a split payment: filled, reviewed (the amounts in words), then taken by
    `take`. A refusal shows the form again with the reason and a 400."""
    rows = payment_rows(request.POST if request.method == "POST" else None)
    context = {**context, "rows": rows, "balance": balance, "currency": settings.CLINIC_CURRENCY}
    if request.method == "GET":
        return render(request, template, context)
    step = _step(request)
    if rows.is_valid():
        payments = rows.payments()
        try:
            if at_least_one and not payments:
                raise BillingRefused("payments", "Enter at least one payment.")
            if step == "change":
                return render(request, template, context)
            if step == "review":
                payments_check(payments=payments, balance=balance)
                review = {"summary": _summary(payments, balance)}
                return render(request, template, {**context, "review": review})
            invoice = take(payments)
        except BillingRefused as refusal:
            context["refusal"] = refusal.message
        else:
            messages.success(request, _took(invoice, payments))
            return redirect("desk-invoice", pk=invoice.pk)
    return render(request, template, context, status=400)


@desk_form
def checkout(request, pk: int):
    """Check a session out: its invoice (the one it would issue, before the first checkout),
    and the payments taken; a second checkout adds payments to the same invoice."""
    appointment = get_object_or_404(
        Appointment.objects.visible_to(request.user).with_related(), pk=pk
    )
    context = {"appointment": appointment}
    try:
        preview = checkout_preview(appointment=appointment)
    except BillingRefused as refusal:
        closed = {**context, "closed": refusal.message}
        return render(request, "desk/checkout.html", closed, status=400)

    def take(payments: list[PaymentIn]) -> Invoice:
        invoice, _ = appointment_checkout(
            appointment=appointment, by=request.user, payments=payments, ip=client_ip(request)
        )
        return invoice

    return _payment_steps(
        request,
        template="desk/checkout.html",
        context={**context, "preview": preview},
        balance=preview.balance,
        take=take,
    )


def _receipt_path(invoice: Invoice) -> str:
    """The receipt's address under the API's invoice (the receipt is served there)."""
    return reverse("api-invoice", kwargs={"pk": invoice.pk}) + "receipt.pdf"


@desk_page
def invoice_detail(request, pk: int):
    invoice = _invoice_or_404(request, pk)
    credit_notes = list(invoice.credit_notes.all())
    is_credit = invoice.credit_of_id is not None
    context = {
        "invoice": invoice,
        "credit_note": credit_notes[0] if credit_notes else None,
        "receipt": _receipt_path(invoice),
        "may_pay": invoice.balance > 0,
        "may_refund": not is_credit and invoice.paid > 0,
        "may_credit": not is_credit and not credit_notes,
    }
    return render(request, "desk/invoice.html", context)


@desk_form
def invoice_pay_view(request, pk: int):
    invoice = _invoice_or_404(request, pk)

    def take(payments: list[PaymentIn]) -> Invoice:
        return invoice_pay(
            invoice=invoice, by=request.user, payments=payments, ip=client_ip(request)
        )

    return _payment_steps(
        request,
        template="desk/invoice_pay.html",
        context={"invoice": invoice},
        balance=invoice.balance,
        take=take,
        at_least_one=True,
    )


def _refuse_on(form, refusal: BillingRefused) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


@desk_form
def invoice_refund(request, pk: int):
    """Pay money back: the amount, how, and why; reviewed, then confirmed."""
    invoice = _invoice_or_404(request, pk)
    form = RefundForm(request.POST if request.method == "POST" else None)
    context = {"invoice": invoice, "form": form, "currency": settings.CLINIC_CURRENCY}
    if request.method == "GET" or (form.is_valid() and _step(request) == "change"):
        return render(request, "desk/refund.html", context)
    if form.is_valid():
        refund = form.cleaned_data
        try:
            if _step(request) == "review":
                refund_check(invoice=invoice, **refund)
                review = {**refund, "method_label": _method_name(refund["method"])}
                return render(request, "desk/refund.html", {**context, "review": review})
            payment_refund(invoice=invoice, by=request.user, ip=client_ip(request), **refund)
        except BillingRefused as refusal:
            _refuse_on(form, refusal)
        else:
            method = _method_name(refund["method"])
            messages.success(request, f"Refunded {_amount(refund['amount'])} by {method}.")
            return redirect("desk-invoice", pk=invoice.pk)
    return render(request, "desk/refund.html", context, status=400)


@desk_form
def invoice_credit_view(request, pk: int):
    """Void an invoice with a credit note of its whole amount; the form is the confirmation."""
    invoice = _invoice_or_404(request, pk)
    form = CreditForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            credit = invoice_credit(
                invoice=invoice,
                by=request.user,
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
        except BillingRefused as refusal:
            _refuse_on(form, refusal)
        else:
            messages.success(
                request, f"Credit note {credit.number} voids invoice {invoice.number}."
            )
            return redirect("desk-invoice", pk=credit.pk)
    context = {"invoice": invoice, "form": form}
    return render(request, "desk/credit.html", context, status=400 if form.errors else 200)


@desk_page
def invoice_list(request):
    """Every invoice, newest first, found by client, number, status and day issued."""
    filters = InvoiceFilterForm(request.GET)
    valid = filters.is_valid()
    chosen = {name: value for name, value in filters.cleaned_data.items() if value} if valid else {}
    invoices = invoice_search(request.user, **chosen)
    page = Paginator(invoices, INVOICES_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({name: request.GET[name] for name in chosen})
    context = {"filters": filters, "page": page, "query": query, "chosen": chosen}
    return render(request, "desk/invoice_list.html", context, status=200 if valid else 400)
