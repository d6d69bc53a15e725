from django.urls import path

from . import views

urlpatterns = [
    path("clients/<int:client_id>/", views.client_record, name="client-record"),
    path(
        "clients/<int:client_id>/record.<str:fmt>",
        views.client_record_export,
        name="client-record-export",
    ),
    path("record/", views.my_record, name="my-record"),
    path("record/export.<str:fmt>", views.my_record_export, name="my-record-export"),
    path("record/print/", views.record_print, name="my-record-print"),
]
