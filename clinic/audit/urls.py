from django.urls import path

from . import views

urlpatterns = [
    path("", views.audit_search, name="audit-search"),
]
