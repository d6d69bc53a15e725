from django.urls import path

from . import views

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/messages/", views.message_preferences, name="message-preferences"),
    path("account/close/", views.account_close_view, name="account-close"),
    path("account/confirm-email/", views.email_confirmation_send, name="email-confirm-send"),
    path("account/confirm-email/<str:token>/", views.email_confirm_view, name="email-confirm"),
]
