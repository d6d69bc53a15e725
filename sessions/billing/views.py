"""The client's invoices page, each with its receipt to download; the desk and admins open a
client's with `?client=ID`."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from clinic.accounts.access import access_required, reads_invoices, runs_front_desk
from clinic.accounts.models import Role, User
from clinic.web.requests import row_id

from .selectors import client_invoice_rows

INVOICES_PER_PAGE = 25


def _client_asked(request) -> User | None:
    """The client whose invoices the desk asks for; a 404 for anything but a client's id."""
    asked = row_id(request.GET.get("client", ""))
    client = User.objects.filter(pk=asked, role=Role.CLIENT).first() if asked is not None else None
    if client is None:
        raise Http404("No such client.")
    return client


@access_required(reads_invoices, "Invoices are for clients, the front desk and clinic admins.")
def invoice_list(request):
    if not runs_front_desk(request.user):
        client = request.user
    elif "client" not in request.GET:  # every client's invoices are the desk's own pages
        return redirect("desk-clients")
    else:
        client = _client_asked(request)
    rows = client_invoice_rows(request.user, client_id=client.pk)
    page = Paginator(rows, INVOICES_PER_PAGE).get_page(request.GET.get("page"))
    query = f"client={client.pk}" if client != request.user else ""
    context = {"client": client, "own": client == request.user, "page": page, "query": query}
    return render(request, "billing/invoice_list.html", context)
