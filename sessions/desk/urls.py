from django.urls import path

from . import views

urlpatterns = [
    path("series/new/", views.series_new, name="desk-series"),
    path("series/<int:pk>/", views.series_result, name="desk-series-result"),
    path("series/<int:pk>/book/", views.series_book_offer, name="desk-series-book"),
]
