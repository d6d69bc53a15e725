from django.urls import path
from rest_framework.routers import SimpleRouter

from clients.api import ClientList, CloseAccount, EmailConfirmationSend
from clients.consent.api import CurrentConsentDocuments
from clients.intake.api import ClientIntake, ClientSuggestions, OwnIntake
from clients.records.api import ClientOutcomes, OwnRecordExport
from clinic.accounts.api import TokenView
from clinic.catalogue.api import ServiceList
from sessions.api import AppointmentViewSet, AvailabilityView
from sessions.billing.api import (
    AppointmentCheckout,
    InvoiceCredit,
    InvoiceDetail,
    InvoiceList,
    InvoiceReceipt,
    InvoiceRefund,
    InvoiceWaive,
)
from sessions.billing.prepaid_api import GiftCardDetail
from sessions.billing.webhooks import stripe_webhook
from sessions.desk.api import CalendarView
from sessions.notes.api import (
    AppointmentNote,
    AppointmentNoteAddenda,
    AppointmentNoteSign,
    ClientNotes,
)
from therapists.api import TherapistDetail, TherapistList

router = SimpleRouter()
router.register("appointments", AppointmentViewSet, basename="api-appointment")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("services/", ServiceList.as_view(), name="api-services"),
    path("therapists/", TherapistList.as_view(), name="api-therapists"),
    path("therapists/<int:pk>/", TherapistDetail.as_view(), name="api-therapist"),
    path("availability/", AvailabilityView.as_view(), name="api-availability"),
    path("calendar/", CalendarView.as_view(), name="api-calendar"),
    path("consent/", CurrentConsentDocuments.as_view(), name="api-consent"),
    path("intake/", OwnIntake.as_view(), name="api-intake"),
    path("me/export/", OwnRecordExport.as_view(), name="api-me-export"),
    path("me/close/", CloseAccount.as_view(), name="api-me-close"),
    path("me/confirm-email/", EmailConfirmationSend.as_view(), name="api-me-confirm-email"),
    path("clients/", ClientList.as_view(), name="api-clients"),
    path("clients/<int:client_id>/intake/", ClientIntake.as_view(), name="api-client-intake"),
    path("clients/<int:client_id>/notes/", ClientNotes.as_view(), name="api-client-notes"),
    path("clients/<int:client_id>/outcomes/", ClientOutcomes.as_view(), name="api-client-outcomes"),
    path(
        "clients/<int:client_id>/suggestions/",
        ClientSuggestions.as_view(),
        name="api-client-suggestions",
    ),
    *router.urls,
    path("appointments/<int:pk>/checkout/", AppointmentCheckout.as_view(), name="api-checkout"),
    path("invoices/", InvoiceList.as_view(), name="api-invoices"),
    path("invoices/<int:pk>/", InvoiceDetail.as_view(), name="api-invoice"),
    path("invoices/<int:pk>/credit/", InvoiceCredit.as_view(), name="api-invoice-credit"),
    path("invoices/<int:pk>/refund/", InvoiceRefund.as_view(), name="api-invoice-refund"),
    # The card processor's webhook: no session, verified by its signature.
    path("payments/stripe/webhook/", stripe_webhook, name="api-stripe-webhook"),
    path("invoices/<int:pk>/receipt.pdf", InvoiceReceipt.as_view(), name="api-invoice-receipt"),
    path("gift-cards/<str:code>/", GiftCardDetail.as_view(), name="api-gift-card"),
    path("invoices/<int:pk>/waive/", InvoiceWaive.as_view(), name="api-invoice-waive"),
    # A session's note, under its appointment.
    path("appointments/<int:pk>/note/", AppointmentNote.as_view(), name="api-appointment-note"),
    path(
        "appointments/<int:pk>/note/sign/",
        AppointmentNoteSign.as_view(),
        name="api-appointment-note-sign",
    ),
    path(
        "appointments/<int:pk>/note/addenda/",
        AppointmentNoteAddenda.as_view(),
        name="api-appointment-note-addenda",
    ),
]
