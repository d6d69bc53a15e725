from django.urls import path

from . import client_views, money_views, prepaid_views, series_views, views

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
    path("appointments/<int:pk>/checkout/", money_views.checkout, name="desk-checkout"),
    path("invoices/", money_views.invoice_list, name="desk-invoices"),
    path("invoices/<int:pk>/", money_views.invoice_detail, name="desk-invoice"),
    path("invoices/<int:pk>/pay/", money_views.invoice_pay_view, name="desk-invoice-pay"),
    path("invoices/<int:pk>/refund/", money_views.invoice_refund, name="desk-invoice-refund"),
    path("invoices/<int:pk>/credit/", money_views.invoice_credit_view, name="desk-invoice-credit"),
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
        "clients/<int:client_id>/packages/sell/",
        prepaid_views.package_sell_view,
        name="desk-package-sell",
    ),
    path(
        "clients/<int:client_id>/gift-cards/sell/",
        prepaid_views.gift_card_sell_view,
        name="desk-gift-card-sell",
    ),
    path(
        "clients/<int:client_id>/memberships/start/",
        prepaid_views.membership_start_view,
        name="desk-membership-start",
    ),
    path(
        "memberships/<int:pk>/renew/",
        prepaid_views.membership_renew_view,
        name="desk-membership-renew",
    ),
    path(
        "memberships/<int:pk>/end/", prepaid_views.membership_end_view, name="desk-membership-end"
    ),
    path("gift-cards/<int:pk>/", prepaid_views.gift_card_detail, name="desk-gift-card"),
    path(
        "clients/<int:client_id>/fees/<int:invoice_id>/waive/",
        client_views.fee_waive_page,
        name="desk-fee-waive",
    ),
    path("series/new/", series_views.series_new, name="desk-series"),
    path("series/<int:pk>/", series_views.series_result, name="desk-series-result"),
    path("series/<int:pk>/book/", series_views.series_book_offer, name="desk-series-book"),
]
