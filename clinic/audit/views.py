from django.core.paginator import Paginator
from django.shortcuts import render

from clinic.accounts.access import access_required, is_admin

from .forms import AuditSearchForm
from .selectors import audit_events_matching

EVENTS_PER_PAGE = 50


@access_required(is_admin, "The audit trail is for clinic admins.")
def audit_search(request):
    """The audit trail for clinic admins, newest first, filtered by the form."""
    form = AuditSearchForm(request.GET or None)
    page = None
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        status = 200
        filters = form.cleaned_data if form.is_bound else {}
        events = audit_events_matching(**filters)
        page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/audit_search.html", context, status=status)
