"""A choice of services reads them from the database once, however often it is drawn."""

from decimal import Decimal

import pytest
from django import forms

from clinic.catalogue.forms import PricedServiceField
from clinic.catalogue.models import Service
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


class Choice(forms.Form):
    service = PricedServiceField(queryset=Service.objects.order_by("name"), empty_label="Any")


def test_the_select_draws_every_service_with_its_price_from_one_query(django_assert_num_queries):
    ServiceFactory(name="Trigger point therapy", duration_minutes=60, price=Decimal("100.00"))
    ServiceFactory(name="Deep tissue", duration_minutes=90, price=Decimal("140.00"))
    form = Choice()

    with django_assert_num_queries(1):
        html = str(form["service"])
        html_again = str(form["service"])

    assert html == html_again
    options = [line.strip() for line in html.splitlines() if "<option" in line]
    assert options == [
        '<option value="" selected>Any</option>',
        f'<option value="{Service.objects.get(name="Deep tissue").pk}">'
        "Deep tissue (90 min) · CAD 140.00</option>",
        f'<option value="{Service.objects.get(name="Trigger point therapy").pk}">'
        "Trigger point therapy (60 min) · CAD 100.00</option>",
    ]


def test_each_form_reads_the_services_as_they_are_now():
    ServiceFactory(name="Trigger point therapy")
    first = str(Choice()["service"])
    ServiceFactory(name="Deep tissue")

    second = str(Choice()["service"])

    assert "Deep tissue" not in first
    assert "Deep tissue" in second
