from django.urls import path

from . import views

urlpatterns = [
    path("", views.report_index, name="report-index"),
    path("<slug:slug>/", views.report_page, name="report"),
    path("<slug:slug>.csv", views.report_csv, name="report-csv"),
]
