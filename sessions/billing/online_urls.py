from django.urls import path

from . import online_views as views

urlpatterns = [
    path(
        "appointments/<int:pk>/pay/",
        views.online_payment_start_view,
        name="online-payment-start",
    ),
    path("<int:pk>/", views.online_payment_page, name="online-payment"),
    path("<int:pk>/cancelled/", views.online_payment_cancelled, name="online-payment-cancelled"),
]
