"""The front desk's pages: finding, adding and keeping clients, and booking for them.

The desk sees contact details, sessions and attendance; of a client's intake only whether
it raised something for the therapist (`intake_needs_therapist`), never what.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from clients.intake.selectors import intake_needs_therapist
from clients.models import ClientProfile
from clients.selectors import client_search
from clients.services import (
    ContactRefused,
    client_create,
    client_invite,
    client_may_be_invited,
    client_update_contact,
)
from clinic.accounts.access import access_required, runs_front_desk
from clinic.accounts.models import Role, User
from clinic.clock import spoken
from clinic.web.requests import client_ip
from sessions.billing.balances import prepaid_balances
from sessions.billing.fees import fee_waive
from sessions.billing.selectors import fees_of, invoice_rows
from sessions.billing.services import BillingRefused
from sessions.models import Appointment, AppointmentStatus, attendance_counts
from sessions.services import ActionRefused, BookingRefused, SlotTaken, appointment_book

from .client_forms import (
    ClientContactForm,
    ClientSearchForm,
    DeskBookingForm,
    NewClientForm,
    WaiveForm,
)

FOR_THE_DESK = "These pages are for the front desk."
CLIENTS_PER_PAGE = 25
COMING = (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED, AppointmentStatus.PENDING_APPROVAL)
PAST_SHOWN = 50
INVOICES_SHOWN = 10
# The clinic's calendar, where a booking made here is seen (the desk's home page).

desk_page = access_required(runs_front_desk, FOR_THE_DESK)
desk_form = access_required(runs_front_desk, FOR_THE_DESK, methods=["GET", "POST"])
desk_action = access_required(runs_front_desk, FOR_THE_DESK, methods=["POST"])


def _client_or_404(client_id: int) -> User:
    """A client with their attendance counted; a 404 for any other id."""
    found = (
        User.objects.filter(pk=client_id, role=Role.CLIENT)
        .select_related("client_profile")
        .annotate(**attendance_counts())
        .first()
    )
    if found is None:
        raise Http404("No such client.")
    return found


@desk_page
def client_list(request):
    search = ClientSearchForm(request.GET)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(client_search(text), CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({"q": text}) if text else ""
    context = {"search": search, "page": page, "text": text, "query": query}
    return render(
        request, "desk/client_list.html", context, status=200 if search.is_valid() else 400
    )


def _client_page(request, client: User, *, status: int = 200):
    sessions = Appointment.objects.filter(client=client).with_related()
    now = timezone.now()
    coming = Q(status__in=COMING, start__gte=now)
    context = {
        "client": client,
        "profile": getattr(client, "client_profile", None),
        "upcoming": sessions.filter(coming).order_by("start"),
        "past": sessions.exclude(coming).order_by("-start")[:PAST_SHOWN],
        "see_therapist": intake_needs_therapist(client),
        "may_invite": client_may_be_invited(client),
        "invoices": invoice_rows(request.user).filter(client=client)[:INVOICES_SHOWN],
        "balances": prepaid_balances(client, today=timezone.localdate()),
        "fees": fees_of(client),
    }
    return render(request, "desk/client_detail.html", context, status=status)


@desk_page
def client_detail(request, client_id: int):
    return _client_page(request, _client_or_404(client_id))


def _contact_initial(client: User) -> dict:
    profile = getattr(client, "client_profile", None) or ClientProfile(user=client)
    fields = ("phone", "by_email", "by_sms", "reminders", "reminder_2h")
    return {
        "first_name": client.first_name,
        "last_name": client.last_name,
        "email": client.email,
        **{name: getattr(profile, name) for name in fields},
    }


@desk_form
def client_edit(request, client_id: int):
    client = _client_or_404(client_id)
    data = request.POST if request.method == "POST" else None
    form = ClientContactForm(data, initial=_contact_initial(client))
    if request.method == "POST" and form.is_valid():
        changes = {**form.cleaned_data, "phone": str(form.cleaned_data["phone"] or "")}
        try:
            client_update_contact(client=client, by=request.user, ip=client_ip(request), **changes)
        except ContactRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            messages.success(request, "The contact details are saved.")
            return redirect("desk-client", client_id=client.pk)
    status = 400 if form.errors else 200
    return render(request, "desk/client_edit.html", {"client": client, "form": form}, status=status)


def _create_client(request, form: NewClientForm) -> User | None:
    """The client the form describes, made; None with the form's error when refused."""
    try:
        return client_create(
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
            phone=str(form.cleaned_data["phone"] or ""),
            by=request.user,
            ip=client_ip(request),
        )
    except ContactRefused as refusal:
        form.add_error(refusal.field, refusal.message)
        return None


@desk_form
def client_new(request):
    form = NewClientForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        client = _create_client(request, form)
        if client is not None:
            messages.success(request, f"{client} is added. They can be booked now.")
            return redirect("desk-client", client_id=client.pk)
    status = 400 if form.errors else 200
    return render(request, "desk/client_new.html", {"form": form}, status=status)


@desk_action
def client_invite_view(request, client_id: int):
    client = _client_or_404(client_id)
    try:
        client_invite(client=client, by=request.user)
    except ContactRefused as refusal:
        messages.error(request, refusal.message)
        return _client_page(request, client, status=400)
    messages.success(request, f"An invitation to set a password is on its way to {client.email}.")
    return redirect("desk-client", client_id=client.pk)


@desk_form
def fee_waive_page(request, client_id: int, invoice_id: int):
    """A confirm step: the fee, and the reason the client is let off it."""
    client = _client_or_404(client_id)
    fee = get_object_or_404(fees_of(client), pk=invoice_id)
    form = WaiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            fee_waive(invoice=fee, by=request.user, reason=reason, ip=client_ip(request))
        except BillingRefused as refusal:
            form.add_error("reason" if refusal.field == "reason" else None, refusal.message)
        else:
            messages.success(request, f"The fee {fee.number} is waived.")
            return redirect("desk-client", client_id=client.pk)
    context = {"client": client, "fee": fee, "form": form}
    return render(request, "desk/fee_waive.html", context, status=400 if form.errors else 200)


# Booking for a client.


def _kept(data: dict, *names: str) -> dict:
    """The booking's choices so far, to carry in links and hidden fields."""
    return {name: data[name] for name in names if data.get(name)}


def _series_query(chosen: dict) -> str:
    """The choices made, for booking the same session as a series instead."""
    names = ("client", "therapist", "service", "start")
    if not all(chosen.get(name) for name in names):
        return ""
    query = {name: chosen[name].pk for name in names[:3]}
    return urlencode({**query, "start": chosen["start"].isoformat()})


def _booking_page(request, form: DeskBookingForm, *, new_client=None, status: int = 200):
    data = form.data
    form.is_valid()  # what is valid is kept, whatever else is not
    chosen = form.cleaned_data
    search = ClientSearchForm({"q": data.get("q", "")})
    text = search.cleaned_data["q"] if search.is_valid() else ""
    found = client_search(text)[:CLIENTS_PER_PAGE] if text and not chosen.get("client") else []
    kept = _kept(data, "therapist", "start", "date", "time")
    kept_with_client = _kept(data, "therapist", "start", "date", "time", "client")
    context = {
        "form": form,
        "chosen": chosen,
        "search": search,
        "found": found,
        "text": text,
        "new_client": new_client or NewClientForm(prefix="new"),
        "services": form.services_of_therapist(),
        "kept": kept,
        "kept_query": urlencode(kept),
        "kept_with_client": kept_with_client,
        "kept_with_client_query": urlencode(kept_with_client),
        "client_query": urlencode(_kept(data, "client")),
        "ready": all(chosen.get(name) for name in ("therapist", "start", "client")),
        "series_query": _series_query(chosen),
    }
    if form.errors or (new_client is not None and new_client.errors):
        status = max(status, 400)
    return render(request, "desk/book.html", context, status=status)


@desk_form
def book(request):
    if request.method == "GET":
        return _booking_page(request, DeskBookingForm(request.GET))
    if request.POST.get("action") == "new-client":
        return _book_new_client(request)
    form = DeskBookingForm(request.POST)
    if not form.is_valid():
        return _booking_page(request, form)
    chosen = form.cleaned_data
    missing = [name for name in ("client", "therapist", "service", "start") if not chosen[name]]
    for name in missing:
        form.add_error(name if name != "start" else "time", f"Choose the {name}.")
    if missing:
        return _booking_page(request, form)
    try:
        appointment = appointment_book(
            client=chosen["client"],
            therapist=chosen["therapist"],
            service=chosen["service"],
            start=chosen["start"],
            by=request.user,
        )
    except BookingRefused as refusal:
        field = refusal.field if refusal.field in form.fields else None
        form.add_error(field, refusal.message)
        return _booking_page(request, form, status=409 if isinstance(refusal, SlotTaken) else 400)
    except ActionRefused as refusal:
        form.add_error(None, str(refusal))
        return _booking_page(request, form)
    start = timezone.localtime(appointment.start)
    messages.success(
        request, f"Booked: {appointment.client}, {spoken(start)}, with {appointment.therapist}."
    )
    return redirect(f"{reverse('desk')}?{urlencode({'date': start.date().isoformat()})}")


def _book_new_client(request):
    """The inline "new client" form: the client is made, and the booking goes on with them."""
    form = DeskBookingForm(request.POST)
    new_client = NewClientForm(request.POST, prefix="new")
    if new_client.is_valid():
        client = _create_client(request, new_client)
        if client is not None:
            messages.success(request, f"{client} is added.")
            query = {
                **_kept(request.POST, "therapist", "start", "date", "time"),
                "client": client.pk,
            }
            return redirect(f"{reverse('desk-book')}?{urlencode(query)}")
    return _booking_page(request, form, new_client=new_client)
