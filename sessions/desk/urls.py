from django.urls import path

from . import views

urlpatterns = [
    path("clients/", views.client_list, name="desk-clients"),
    path("clients/new/", views.client_new, name="desk-client-new"),
    path("clients/<int:client_id>/", views.client_detail, name="desk-client"),
    path("clients/<int:client_id>/edit/", views.client_edit, name="desk-client-edit"),
    path("clients/<int:client_id>/invite/", views.client_invite_view, name="desk-client-invite"),
    path("book/", views.book, name="desk-book"),
]
