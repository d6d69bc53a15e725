from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clinic.accounts.access import access_required, is_admin, runs_front_desk
from clinic.web.spreadsheets import csv_download

from .catalogue import REPORTS
from .forms import DateRangeForm
from .report import Report, csv_cell

ADMINS_ONLY = "Reports are for clinic admins."
# The desk opens the reports that admit it (the daily close); each report says whom it admits.
STAFF_ONLY = "Reports are for clinic admins and the front desk."


def _report(request, slug: str) -> Report:
    try:
        report = REPORTS[slug]
    except KeyError:
        raise Http404("No such report.") from None
    if not report.admits(request.user):
        raise PermissionDenied(ADMINS_ONLY)
    return report


def _range_form(request, report: Report) -> DateRangeForm:
    """The range asked for, or the report's default when none is given; a report without a
    range is of today, whatever is asked."""
    if report.ranged and ("first" in request.GET or "last" in request.GET):
        return DateRangeForm(request.GET)
    first, last = report.default_dates(timezone.localdate())
    return DateRangeForm({"first": first, "last": last})


@require_GET
@access_required(is_admin, ADMINS_ONLY)
def report_index(request):
    return render(request, "reports/index.html", {"reports": REPORTS.values()})


@require_GET
@access_required(runs_front_desk, STAFF_ONLY)
def report_page(request, slug: str):
    report = _report(request, slug)
    form = _range_form(request, report)
    context = {"report": report, "reports": REPORTS.values(), "form": form}
    if not form.is_valid():
        return render(request, "reports/report.html", context, status=400)
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    rows = report.rows(first, last)
    context.update(
        first=first,
        last=last,
        chart=report.chart(rows),
        headings=report.headings(),
        table=report.table(rows),
    )
    return render(request, "reports/report.html", context)


@require_GET
@access_required(runs_front_desk, STAFF_ONLY)
def report_csv(request, slug: str):
    report = _report(request, slug)
    form = _range_form(request, report)
    if not form.is_valid():
        errors = "; ".join(message for messages in form.errors.values() for message in messages)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    filename = f"{report.slug}-{first}-{last}.csv"
    return csv_download(
        filename, report.headings(), report.table(report.rows(first, last), text=csv_cell)
    )
