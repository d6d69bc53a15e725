"""The admin lists API tokens by holder and expiry, never a key, and revokes them."""

from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

from clinic.accounts.models import ApiToken
from tests.api import token_for
from tests.clock import frozen_at
from tests.factories import AdminFactory, ClientFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
LIST = "/admin/clinic/apitoken/"
# The session, its user, the counts (filtered and all) and the page of tokens with holders.
QUERIES = 6

frozen = frozen_at(NOW)


def test_the_list_shows_holder_and_dates_but_no_key(client):
    holder = ClientFactory(first_name="Ava", last_name="Chen")
    key = token_for(holder)
    stored = ApiToken.objects.get()
    client.force_login(AdminFactory())

    page = client.get(LIST)
    detail = client.get(f"{LIST}{stored.pk}/change/")

    assert page.status_code == 200
    assert "Ava Chen" in page.text
    assert (key in page.text, stored.digest in page.text) == (False, False)
    assert (key in detail.text, stored.digest in detail.text) == (False, False)


def test_tokens_cannot_be_added_in_the_admin(client):
    client.force_login(AdminFactory())

    assert client.get(f"{LIST}add/").status_code == 403


def test_revoking_a_token_in_the_admin_ends_it(client):
    key = token_for(ClientFactory())
    client.force_login(AdminFactory())

    response = client.post(
        LIST,
        {"action": "revoke", "_selected_action": [ApiToken.objects.get().pk]},
        follow=True,
    )

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert "1 token(s) revoked" in response.text
    assert ApiToken.objects.exists() is False
    assert api.get("/api/v1/appointments/").status_code == 401


def test_the_token_list_keeps_its_queries_as_tokens_grow(client, django_assert_num_queries):
    client.force_login(AdminFactory())
    token_for(ClientFactory())
    with django_assert_num_queries(QUERIES):
        client.get(LIST)
    for _ in range(3):
        token_for(ClientFactory())

    with django_assert_num_queries(QUERIES):
        client.get(LIST)
