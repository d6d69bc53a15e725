"""Clearing an intake that needs it: who may record a clearance, and what it takes."""

import pytest

from clients.intake.models import IntakeClearance
from clients.intake.services import intake_clear
from clinic.accounts.models import Role
from sessions.models import AppointmentStatus
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    TherapistFactory,
    intake_answers,
)

from .data import NOW
from .versions import refused_clearance, stored, submit

pytestmark = pytest.mark.django_db

NOT_YOURS = "Only the client's therapist or an admin can record a clearance."


def test_intake_clear_by_the_booked_therapist_records_the_clearance(needs_clearance, therapist):
    clearance = intake_clear(
        intake=needs_clearance, by=therapist, note="  GP letter of 3 March: no DVT.  ", ip=None
    )

    clearance.refresh_from_db()
    assert (clearance.intake, clearance.cleared_by, clearance.cleared_at, clearance.note) == (
        needs_clearance,
        therapist,
        NOW,
        "GP letter of 3 March: no DVT.",
    )


def test_intake_clear_by_a_therapist_who_treated_the_client(ava, needs_clearance):
    therapist = TherapistFactory()
    AppointmentFactory(client=ava, therapist=therapist, status=AppointmentStatus.COMPLETED)

    intake_clear(intake=needs_clearance, by=therapist.user, note="Physician's note.", ip=None)

    assert IntakeClearance.objects.get().cleared_by == therapist.user


def test_intake_clear_by_an_admin_without_booking(needs_clearance):
    admin = AdminFactory(role=Role.ADMIN)

    intake_clear(intake=needs_clearance, by=admin, note="Physician's note.", ip=None)

    assert IntakeClearance.objects.get().cleared_by == admin


def test_intake_clear_leaves_the_intake_as_signed(needs_clearance, therapist):
    before = stored(needs_clearance)

    intake_clear(intake=needs_clearance, by=therapist, note="Physician's note.", ip=None)

    assert stored(needs_clearance) == before


def test_intake_clear_by_a_therapist_without_booking_is_refused(needs_clearance):
    assert refused_clearance(needs_clearance, TherapistFactory().user) == NOT_YOURS


def test_intake_clear_by_a_therapist_with_only_a_cancelled_booking_is_refused(ava, needs_clearance):
    therapist = TherapistFactory()
    AppointmentFactory(client=ava, therapist=therapist, status=AppointmentStatus.CANCELLED)

    assert refused_clearance(needs_clearance, therapist.user) == NOT_YOURS


def test_intake_clear_by_the_client_is_refused(ava, needs_clearance):
    assert refused_clearance(needs_clearance, ava) == NOT_YOURS


def test_intake_clear_by_another_client_is_refused(needs_clearance):
    assert refused_clearance(needs_clearance, ClientFactory()) == NOT_YOURS


@pytest.mark.parametrize("answers", [{}, {"osteoporosis": True}])
def test_intake_clear_of_an_intake_that_needs_none_is_refused(ava, therapist, answers):
    intake = submit(ava, answers=intake_answers(**answers))

    assert refused_clearance(intake, therapist) == "This intake does not need a clearance."


@pytest.mark.parametrize("note", ["", "  \n "])
def test_intake_clear_without_a_note_is_refused(needs_clearance, therapist, note):
    assert refused_clearance(needs_clearance, therapist, note) == (
        "Say what was checked, e.g. the physician's note."
    )
