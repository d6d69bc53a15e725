from django.urls import path

from . import views

urlpatterns = [
    path("check-in/<str:token>/", views.check_in, name="check-in"),
]
