"""The admin the report tests sign in as."""

import pytest

from tests.factories import AdminFactory


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory())
    return client
