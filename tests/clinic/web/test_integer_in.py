"""A number too large for any id matches no row: in a form's choice of several, an `in` or an
`exact` on a foreign key (SQLite would raise OverflowError on it)."""

import pytest
from django import forms

from clinic.accounts.models import User
from sessions.models import Appointment
from tests.factories import AppointmentFactory, ClientFactory

pytestmark = pytest.mark.django_db

TOO_LARGE = "9" * 26


def test_an_in_lookup_leaves_out_numbers_no_column_holds():
    client = ClientFactory()

    assert list(User.objects.filter(pk__in=[client.pk, int(TOO_LARGE)])) == [client]
    assert list(User.objects.filter(pk__in=[int(TOO_LARGE)])) == []
    assert list(User.objects.filter(pk__in=[-(2**70)])) == []


def test_a_multiple_choice_of_a_too_large_id_is_refused():
    client = ClientFactory()
    field = forms.ModelMultipleChoiceField(queryset=User.objects.all())

    assert field.clean([str(client.pk)]) is not None
    with pytest.raises(forms.ValidationError):
        field.clean([TOO_LARGE])
    with pytest.raises(forms.ValidationError):
        field.clean([str(client.pk), TOO_LARGE])


def test_a_foreign_key_compared_with_a_number_no_id_holds_matches_nothing():
    appointment = AppointmentFactory()
    client_id = appointment.client_id

    assert list(Appointment.objects.filter(client_id=int(TOO_LARGE))) == []
    assert list(Appointment.objects.filter(client=int(TOO_LARGE))) == []
    assert list(Appointment.objects.filter(client__in=[client_id, int(TOO_LARGE)])) == [appointment]
    assert list(Appointment.objects.filter(client_id=client_id)) == [appointment]
    assert list(Appointment.objects.filter(client=appointment.client)) == [appointment]
