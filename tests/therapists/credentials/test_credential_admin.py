"""Verifying and rejecting credentials in the Django admin."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission
from pytest_django.asserts import assertContains

from clinic.accounts.models import Role
from tests.clock import frozen_at
from tests.factories import (
    AdminFactory,
    CredentialFactory,
    ServiceFactory,
    TherapistFactory,
    UserFactory,
    WorkingHoursFactory,
)
from therapists.credentials.models import Credential, CredentialStatus
from therapists.models import Therapist

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
CHANGELIST = "/admin/credentials/credential/"


frozen = frozen_at(NOW)


@pytest.fixture
def admin_user():
    return AdminFactory(role=Role.ADMIN)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def pending():
    return CredentialFactory(
        status=CredentialStatus.PENDING, therapist__display_name="Liam Tremblay"
    )


def run_action(client, action: str, *credentials: Credential, **extra):
    """Submit the changelist's action form, as the admin's action bar does."""
    data = {"action": action, "index": "0", "_selected_action": [c.pk for c in credentials]}
    return client.post(CHANGELIST, {**data, **extra})


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def decision(credential: Credential) -> tuple:
    credential.refresh_from_db()
    return (
        credential.status,
        credential.decided_by,
        credential.decided_at,
        credential.rejection_reason,
    )


def test_changelist_offers_verify_and_reject(admin_client, pending):
    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    assert [name for name, _ in response.context["action_form"].fields["action"].choices] == [
        "",
        "verify",
        "reject",
    ]


def test_verify_action_verifies_and_records_who_and_when(admin_client, admin_user, pending):
    response = run_action(admin_client, "verify", pending)

    assert (response.status_code, response["Location"]) == (302, CHANGELIST)
    assert decision(pending) == (CredentialStatus.VERIFIED, admin_user, NOW, "")
    assert messages_of(admin_client.get(CHANGELIST)) == ["1 credential(s) updated."]


def test_verify_action_makes_the_therapist_bookable(client, admin_client, pending):
    service = ServiceFactory()
    pending.therapist.services.set([service])
    WorkingHoursFactory(therapist=pending.therapist, weekday=2)
    before = list(Therapist.objects.bookable())

    run_action(admin_client, "verify", pending)

    assert before == []
    assert list(Therapist.objects.bookable()) == [pending.therapist]
    assertContains(client.get("/therapists/"), "Liam Tremblay", count=1)


def test_verify_action_on_several_credentials_verifies_each(admin_client, pending):
    second = CredentialFactory(status=CredentialStatus.PENDING)

    response = run_action(admin_client, "verify", pending, second)

    assert response.status_code == 302
    assert [decision(c)[0] for c in (pending, second)] == [CredentialStatus.VERIFIED] * 2


def test_admin_cannot_verify_their_own_credential(admin_client, admin_user):
    own = CredentialFactory(
        status=CredentialStatus.PENDING, therapist=TherapistFactory(user=admin_user)
    )

    response = run_action(admin_client, "verify", own)

    assert response.status_code == 302
    assert decision(own) == (CredentialStatus.PENDING, None, None, "")
    assert messages_of(admin_client.get(CHANGELIST)) == [
        f"{own}: Nobody can decide on their own credential."
    ]


def test_staff_who_is_not_a_clinic_admin_cannot_verify(client, pending):
    staff = UserFactory(role=Role.THERAPIST, is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["view_credential", "change_credential"])
    )
    client.force_login(staff)

    run_action(client, "verify", pending)

    assert decision(pending) == (CredentialStatus.PENDING, None, None, "")
    assert messages_of(client.get(CHANGELIST)) == [
        f"{pending}: Only a clinic admin can decide on credentials."
    ]


def test_reject_action_first_asks_for_a_reason(admin_client, pending):
    response = run_action(admin_client, "reject", pending)

    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == (
        "admin/credentials/credential/reject.html"
    )
    assertContains(response, "Reject these credentials? The therapist will see the reason.")
    assertContains(response, f"<li>{pending}</li>", count=1)
    assertContains(
        response, f'<input type="hidden" name="_selected_action" value="{pending.pk}">', count=1
    )
    assert response.context["form"].is_bound is False
    assert decision(pending) == (CredentialStatus.PENDING, None, None, "")


def test_reject_action_with_a_reason_rejects_and_records_it(admin_client, admin_user, pending):
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "reject",
            "_selected_action": [pending.pk],
            "reason": "  The number is not on the College's register.  ",
        },
    )

    assert (response.status_code, response["Location"]) == (302, CHANGELIST)
    assert decision(pending) == (
        CredentialStatus.REJECTED,
        admin_user,
        NOW,
        "The number is not on the College's register.",
    )


def test_reject_action_without_a_reason_asks_again(admin_client, pending):
    response = admin_client.post(
        CHANGELIST, {"action": "reject", "_selected_action": [pending.pk], "reason": "   "}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert decision(pending) == (CredentialStatus.PENDING, None, None, "")


def test_admin_cannot_reject_their_own_credential(admin_client, admin_user):
    own = CredentialFactory(
        status=CredentialStatus.PENDING, therapist=TherapistFactory(user=admin_user)
    )

    admin_client.post(
        CHANGELIST, {"action": "reject", "_selected_action": [own.pk], "reason": "Mine"}
    )

    assert decision(own) == (CredentialStatus.PENDING, None, None, "")


def test_rejecting_a_verified_licence_makes_the_therapist_unbookable(admin_client):
    verified = CredentialFactory(status=CredentialStatus.VERIFIED)
    before = list(Therapist.objects.bookable())

    admin_client.post(
        CHANGELIST,
        {"action": "reject", "_selected_action": [verified.pk], "reason": "Licence revoked"},
    )

    assert before == [verified.therapist]
    assert list(Therapist.objects.bookable()) == []


def test_credentials_are_read_only_in_the_admin(admin_client, pending):
    """Facts change on the therapist's page, decisions through the actions: both leave
    an event, which an edit form here would not."""
    response = admin_client.get(f"{CHANGELIST}{pending.pk}/change/")

    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == []
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
