from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .forms import AuditSearchForm
from .selectors import audit_events_matching

EVENTS_PER_PAGE = 50


@login_required
def audit_search(request):
    """The audit trail for clinic admins, newest first, filtered by the form."""
    if not (request.user.is_clinic_admin or request.user.is_superuser):
        raise PermissionDenied("The audit trail is for clinic admins.")
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
