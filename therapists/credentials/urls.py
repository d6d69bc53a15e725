from django.urls import path

from . import views

urlpatterns = [
    path("me/credentials/new/", views.credential_new, name="credential-new"),
    path("me/credentials/<int:pk>/", views.credential_edit, name="credential-edit"),
    path("credentials/", views.credential_queue, name="credential-queue"),
    path("credentials/<int:pk>/", views.credential_review, name="credential-review"),
    path("credentials/<int:pk>/verify/", views.credential_verify_view, name="credential-verify"),
    path("credentials/<int:pk>/reject/", views.credential_reject_view, name="credential-reject"),
    path("credentials/<int:pk>/document/", views.credential_document, name="credential-document"),
    path(
        "credentials/<int:pk>/document/preview/",
        views.credential_document_preview,
        name="credential-document-preview",
    ),
]
