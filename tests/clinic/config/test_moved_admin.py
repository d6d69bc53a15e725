"""The admin pages of the models that moved to an app of their own keep answering at their
old addresses, by sending the browser on to the new ones."""

import pytest
from django.urls import reverse

from clinic.config.moved_admin import MOVED_MODELS
from tests.factories import AdminFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old_label", "model", "new_label"), [(*k, v) for k, v in MOVED_MODELS.items()]
)
def test_old_changelist_address_is_sent_on_to_the_new_one(client, old_label, model, new_label):
    response = client.get(f"/admin/{old_label}/{model}/")

    assert response.status_code == 301
    assert response["Location"] == reverse(f"admin:{new_label}_{model}_changelist")


def test_the_object_id_and_query_go_along(client):
    response = client.get(
        "/admin/clinic_sessions/sessionnote/12/change/?_changelist_filters=q%3Dada"
    )

    assert response.status_code == 301
    assert response["Location"] == "/admin/notes/sessionnote/12/change/?_changelist_filters=q%3Dada"


def test_the_new_address_still_asks_for_the_admin(client):
    response = client.get("/admin/therapists/credential/", follow=True)

    assert response.redirect_chain[0] == ("/admin/credentials/credential/", 301)
    assert response.request["PATH_INFO"] == reverse("admin:login")


def test_an_admin_lands_on_the_page(client):
    client.force_login(AdminFactory())

    response = client.get("/admin/clinic/auditevent/", follow=True)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("admin:audit_auditevent_changelist")


def test_a_model_that_never_moved_is_not_sent_on(admin_client):
    assert admin_client.get("/admin/clinic/user/").status_code == 200


def test_a_moved_model_under_a_label_it_never_had_is_not_found(admin_client):
    assert admin_client.get("/admin/clinic/message/").status_code == 404
