from django.urls import path

from . import client_views, series_views, views

urlpatterns = [
    path("", views.calendar, name="desk"),
    path(
        "appointments/<int:pk>/arrived/",
        views.appointment_arrived,
        name="desk-appointment-arrived",
    ),
    path(
        "appointments/<int:pk>/outcome/",
        views.appointment_outcome,
        name="desk-appointment-outcome",
    ),
    path("appointments/<int:pk>/move/", views.appointment_move, name="desk-move"),
    path("book/", client_views.book, name="desk-book"),
    path("clients/", client_views.client_list, name="desk-clients"),
    path("clients/new/", client_views.client_new, name="desk-client-new"),
    path("clients/<int:client_id>/", client_views.client_detail, name="desk-client"),
    path("clients/<int:client_id>/edit/", client_views.client_edit, name="desk-client-edit"),
    path(
        "clients/<int:client_id>/invite/",
        client_views.client_invite_view,
        name="desk-client-invite",
    ),
    path(
        "clients/<int:client_id>/fees/<int:invoice_id>/waive/",
        client_views.fee_waive_page,
        name="desk-fee-waive",
    ),
    path("series/new/", series_views.series_new, name="desk-series"),
    path("series/<int:pk>/", series_views.series_result, name="desk-series-result"),
    path("series/<int:pk>/book/", series_views.series_book_offer, name="desk-series-book"),
]
