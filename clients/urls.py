from django.urls import path

from . import views

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/messages/", views.message_preferences, name="message-preferences"),
    path("account/close/", views.account_close_view, name="account-close"),
]
