from django.urls import path

from . import views
from .money_catalogue import MONEY_REPORTS

# The money reports have URLs of their own names: whom each admits differs from the others'
# (the desk opens the daily close), and the access matrix asks each URL name once.
MONEY_URLS = [
    route
    for report in MONEY_REPORTS
    for route in (
        path(
            f"{report.slug}/",
            views.report_page,
            {"slug": report.slug},
            name=f"report-{report.slug}",
        ),
        path(
            f"{report.slug}.csv",
            views.report_csv,
            {"slug": report.slug},
            name=f"report-{report.slug}-csv",
        ),
    )
]

urlpatterns = [
    path("", views.report_index, name="report-index"),
    *MONEY_URLS,
    path("<slug:slug>/", views.report_page, name="report"),
    path("<slug:slug>.csv", views.report_csv, name="report-csv"),
]
