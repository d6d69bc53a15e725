import pytest

from clinic.accounts.models import Role
from tests.factories import AdminFactory, InsuredTherapistFactory, UserFactory


@pytest.fixture
def therapist():
    return InsuredTherapistFactory(display_name="Maya Lindqvist", user__first_name="Maya")


@pytest.fixture
def other_therapist():
    return InsuredTherapistFactory(display_name="Daniel Okafor")


@pytest.fixture
def admin_user():
    return AdminFactory(first_name="Clinic", last_name="Admin")


@pytest.fixture
def client_user():
    return UserFactory(role=Role.CLIENT)


def signed_in(client, user):
    client.force_login(user)
    return client
