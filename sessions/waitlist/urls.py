from django.urls import path

from . import views

urlpatterns = [
    path("waitlist/", views.waitlist, name="waitlist"),
    path("waitlist/join/", views.waitlist_join_view, name="waitlist-join"),
    path("waitlist/<int:pk>/leave/", views.waitlist_leave_view, name="waitlist-leave"),
    path("waitlist/offers/<int:pk>/", views.waitlist_offer, name="waitlist-offer"),
    path(
        "waitlist/offers/<int:pk>/confirm/",
        views.waitlist_offer_confirm,
        name="waitlist-offer-confirm",
    ),
    path(
        "waitlist/offers/<int:pk>/decline/",
        views.waitlist_offer_decline,
        name="waitlist-offer-decline",
    ),
]
