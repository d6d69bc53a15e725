from django.urls import path

from . import views

urlpatterns = [
    path("appointments/<int:pk>/note/", views.note_page, name="note"),
    path("appointments/<int:pk>/note/start/", views.note_start, name="note-start"),
    path("appointments/<int:pk>/note/save/", views.note_update, name="note-save"),
    path("appointments/<int:pk>/note/sign/", views.note_sign_page, name="note-sign"),
    path("appointments/<int:pk>/note/addenda/", views.note_addendum, name="note-addendum"),
]
