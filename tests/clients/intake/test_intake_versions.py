"""Intake versions through the service functions: submit, draft, diff and clearance."""

import json
from datetime import UTC, datetime

import pytest

from clients.intake.diff import Change, intake_changes
from clients.intake.models import Intake, IntakeClearance, IntakeDraft, ScreeningStatus
from clients.intake.screening import CAUTIONS, STOP_AND_REFER
from clients.intake.services import (
    ClearanceRefused,
    IntakeInvalid,
    intake_clear,
    intake_draft_save,
    intake_draft_start,
    intake_submit,
)
from clinic.accounts.models import Role
from clinic.audit.models import AuditEvent
from clinic.bodymap.painchart import Mark, PainChart
from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    TherapistFactory,
    intake_answers,
    pain_chart,
    pain_mark,
    submit_intake,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
LATER = datetime(2027, 3, 2, 16, 30, tzinfo=UTC)
REQUIRED = "This field is required."
NO_CONSENT = "This consent is needed to go on."


frozen = frozen_at(NOW)


@pytest.fixture
def client_user():
    return ClientFactory(first_name="Ava", last_name="Chen")


def stored(intake: Intake) -> dict:
    """Every column of an intake as the database holds it now."""
    return Intake.objects.filter(pk=intake.pk).values().get()


def submit(client, *, answers=None, chart=None, signature="Ava Chen", ip=None) -> Intake:
    return intake_submit(
        client=client,
        answers=answers if answers is not None else intake_answers(),
        chart=chart if chart is not None else pain_chart(pain_mark("temple", "L", 7)),
        signature=signature,
        ip=ip,
    )


def refusal(client, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(IntakeInvalid) as caught:
        submit(client, **kwargs)
    return caught.value.errors


def audit_rows() -> list[tuple]:
    return list(
        AuditEvent.objects.order_by("pk").values_list(
            "actor_id", "action", "record_type", "record_id", "at", "ip"
        )
    )


# Submitting versions


def test_intake_submit_first_time_makes_version_1(client_user):
    chart = pain_chart(pain_mark("temple", "L", 7, "aching", "throbbing"))

    intake = submit(client_user, chart=chart, ip="203.0.113.9")

    intake.refresh_from_db()
    assert (intake.client, intake.version, intake.created_at, intake.signed_at) == (
        client_user,
        1,
        NOW,
        NOW,
    )
    assert (intake.signature, intake.signed_ip, intake.pain_chart) == (
        "Ava Chen",
        "203.0.113.9",
        chart,
    )
    assert (intake.phone, intake.pain_duration, intake.consent_treatment) == (
        "416-555-0100",
        "chronic",
        True,
    )


def test_intake_chart_reads_the_stored_chart_as_a_pain_chart(client_user):
    chart = pain_chart(pain_mark("temple", "L", 7, "aching", "throbbing"), average=4)
    submit(client_user, chart=chart)

    intake = Intake.objects.get(client=client_user)

    assert intake.chart == PainChart(
        marks=(Mark("temple", "L", 7, ("aching", "throbbing")),),
        worst=8,
        least=2,
        average=4,
        now=4,
    )
    assert intake.chart.to_json() == intake.pain_chart == chart


def test_intake_submit_stores_the_chart_normalised(client_user):
    raw = json.dumps({**pain_chart(), "marks": [{"intensity": 3, "side": "R", "region": "heel"}]})

    intake = submit(client_user, chart=raw)

    intake.refresh_from_db()
    assert intake.pain_chart == pain_chart(pain_mark("heel", "R", 3))


def test_intake_submit_stores_the_screening(client_user):
    intake = submit(client_user, answers=intake_answers(clot_signs=True, osteoporosis=True))

    intake.refresh_from_db()
    assert (intake.screening_status, intake.screening_reasons) == (
        ScreeningStatus.NEEDS_CLEARANCE,
        [STOP_AND_REFER["clot_signs"], CAUTIONS["osteoporosis"]],
    )


def test_intake_submit_again_makes_the_next_versions(client_user):
    versions = [submit(client_user).version for _ in range(3)]

    assert versions == [1, 2, 3]
    assert list(Intake.objects.filter(client=client_user).values_list("version", flat=True)) == [
        3,
        2,
        1,
    ]


def test_intake_submit_never_changes_an_earlier_version(client_user, frozen):
    first = submit(client_user, chart=pain_chart(pain_mark("low_back", "L", 6, "aching")))
    before = stored(first)
    frozen.move_to(LATER)

    second = submit(
        client_user,
        answers=intake_answers(phone="416-555-0777", cancer=True, goals="Sleep well."),
        chart=pain_chart(pain_mark("calf", "R", 3), worst=5, least=1, average=3, now=2),
        signature="ava chen",
        ip="198.51.100.4",
    )

    assert stored(first) == before
    assert (second.version, second.created_at, second.phone) == (2, LATER, "416-555-0777")


def test_intake_versions_are_numbered_per_client(client_user):
    other = ClientFactory()
    submit(client_user)
    submit(client_user)

    intake = submit_intake(other)

    assert intake.version == 1


def test_intake_current_for_is_the_latest_version(client_user):
    submit(client_user)
    latest = submit(client_user)

    assert Intake.objects.current_for(client_user) == latest


def test_intake_current_for_a_client_without_intake_is_none(client_user):
    assert Intake.objects.current_for(client_user) is None


@pytest.mark.parametrize("signature", ["Ava Chen", "ava chen", "  AVA   chen ", "Ava\tChen"])
def test_intake_submit_accepts_the_full_name_whatever_case_and_spacing(client_user, signature):
    intake = submit(client_user, signature=signature)

    assert intake.signature == " ".join(signature.split())


# Refusals


def test_intake_submit_refuses_every_wrong_answer_at_once(client_user):
    answers = intake_answers(
        phone="",
        pain_duration="forever",
        goals="  ",
        consent_privacy=False,
    )
    del answers["emergency_contact_name"]

    errors = refusal(
        client_user,
        answers=answers,
        chart=pain_chart(pain_mark("elbow", "L", 5)),
        signature="Noah Patel",
    )

    assert errors == {
        "phone": [REQUIRED],
        "emergency_contact_name": [REQUIRED],
        "pain_duration": ["Select a valid choice. forever is not one of the available choices."],
        "goals": [REQUIRED],
        "consent_privacy": [NO_CONSENT],
        "pain_chart": ["Mark 1: unknown body region 'elbow'."],
        "signature": ["Type your full name as on your account: Ava Chen."],
    }


def test_intake_submit_with_no_answers_lists_every_required_one(client_user):
    errors = refusal(client_user, answers={}, chart={}, signature="")

    assert errors == {
        "phone": [REQUIRED],
        "emergency_contact_name": [REQUIRED],
        "emergency_contact_phone": [REQUIRED],
        "pain_onset": [REQUIRED],
        "pain_duration": [REQUIRED],
        "pain_pattern": [REQUIRED],
        "goals": [REQUIRED],
        "blood_pressure": [REQUIRED],
        "preferred_pressure": [REQUIRED],
        "consent_treatment": [NO_CONSENT],
        "consent_privacy": [NO_CONSENT],
        "pain_chart": ["Give your worst pain in the last 24 hours (0-10)."],
        "signature": ["Type your full name to sign."],
    }


@pytest.mark.parametrize("consent", ["consent_treatment", "consent_privacy"])
def test_intake_submit_refuses_without_consent(client_user, consent):
    errors = refusal(client_user, answers=intake_answers(**{consent: False}))

    assert errors == {consent: [NO_CONSENT]}


@pytest.mark.parametrize("signature", ["Ava", "Ava Chen-Smith", "Chen Ava", "AvaChen"])
def test_intake_submit_refuses_a_signature_that_is_not_the_full_name(client_user, signature):
    errors = refusal(client_user, signature=signature)

    assert errors == {"signature": ["Type your full name as on your account: Ava Chen."]}


@pytest.mark.parametrize("signature", ["", "   ", None])
def test_intake_submit_refuses_a_missing_signature(client_user, signature):
    errors = refusal(client_user, signature=signature)

    assert errors == {"signature": ["Type your full name to sign."]}


def test_intake_submit_refused_saves_nothing_and_keeps_the_draft(client_user):
    draft = intake_draft_save(
        draft=intake_draft_start(client=client_user), answers={"phone": "416-555-0123"}
    )

    refusal(client_user, signature="Someone Else")

    assert (Intake.objects.count(), AuditEvent.objects.count()) == (0, 0)
    assert IntakeDraft.objects.get(pk=draft.pk).answers == {"phone": "416-555-0123"}


@pytest.mark.parametrize("role", [Role.THERAPIST, Role.ADMIN])
def test_intake_submit_by_a_non_client_is_refused(role):
    user = ClientFactory(role=role, first_name="Maya", last_name="Lindqvist")

    errors = refusal(user, signature="Maya Lindqvist")

    assert errors == {"client": ["Only clients fill an intake form."]}
    assert Intake.objects.count() == 0


# The draft


def test_intake_draft_start_without_a_version_is_empty(client_user):
    draft = intake_draft_start(client=client_user)

    assert (draft.client, draft.answers) == (client_user, {})


def test_intake_draft_start_prefills_from_the_last_version_with_consents_reset(client_user):
    submit(client_user, answers=intake_answers(phone="416-555-0001"))
    chart = pain_chart(pain_mark("buttock", "R", 6, "deep_dull"))
    submit(client_user, answers=intake_answers(phone="416-555-0002", night_pain=True), chart=chart)

    draft = intake_draft_start(client=client_user)

    draft.refresh_from_db()
    expected = intake_answers(
        phone="416-555-0002", night_pain=True, consent_treatment=False, consent_privacy=False
    )
    assert draft.answers == {**expected, "pain_chart": chart}


def test_intake_draft_start_again_goes_on_with_the_same_draft(client_user):
    submit(client_user)
    draft = intake_draft_start(client=client_user)
    intake_draft_save(draft=draft, answers={"phone": "416-555-0999"})

    again = intake_draft_start(client=client_user)

    assert (again.pk, again.answers["phone"]) == (draft.pk, "416-555-0999")
    assert IntakeDraft.objects.count() == 1


def test_intake_draft_save_merges_a_steps_answers(client_user):
    draft = intake_draft_start(client=client_user)
    intake_draft_save(draft=draft, answers={"phone": "416-555-0100", "address": ""})

    intake_draft_save(draft=draft, answers={"address": "1 King St", "goals": "Sleep."})

    assert IntakeDraft.objects.get(pk=draft.pk).answers == {
        "phone": "416-555-0100",
        "address": "1 King St",
        "goals": "Sleep.",
    }


def test_intake_submit_deletes_the_draft(client_user):
    intake_draft_start(client=client_user)

    submit(client_user)

    assert IntakeDraft.objects.filter(client=client_user).exists() is False


def test_intake_submit_keeps_other_clients_drafts(client_user):
    other = ClientFactory()
    intake_draft_start(client=other)

    submit(client_user)

    assert list(IntakeDraft.objects.values_list("client", flat=True)) == [other.pk]


# What changed between versions


def test_intake_changes_of_a_first_version_are_none(client_user):
    assert intake_changes(None, submit(client_user)) == []


def test_intake_changes_of_an_unchanged_version_are_none(client_user):
    first = submit(client_user)

    assert intake_changes(first, submit(client_user)) == []


def test_intake_changes_list_changed_answers_in_form_order(client_user):
    first = submit(client_user, answers=intake_answers(earlier_treatment=""))
    second = submit(
        client_user,
        answers=intake_answers(
            phone="416-555-0777",
            pain_duration="subacute",
            night_pain=True,
            earlier_treatment="Physiotherapy in 2024.",
            preferred_pressure="firm",
        ),
    )

    assert intake_changes(first, second) == [
        Change("Phone", "416-555-0100", "416-555-0777"),
        Change("How long you have had it", "More than 3 months", "6 weeks to 3 months"),
        Change("The pain wakes me at night", "No", "Yes"),
        Change("Earlier episodes and treatment", "—", "Physiotherapy in 2024."),
        Change("Preferred pressure", "Medium", "Firm"),
    ]


def test_intake_changes_list_changed_added_and_removed_marks_and_overall_values(client_user):
    first = submit(
        client_user,
        chart=pain_chart(
            pain_mark("temple", "L", 7, "aching"),
            pain_mark("low_back", "L", 6),
            pain_mark("sternum", "M", 2, "sharp"),
            worst=8,
            least=2,
            average=5,
            now=4,
        ),
    )
    second = submit(
        client_user,
        chart=pain_chart(
            pain_mark("temple", "L", 5, "aching", "throbbing"),
            pain_mark("sternum", "M", 2, "sharp"),
            pain_mark("neck_back", "R", 4, "stiffness", "deep_dull"),
            worst=9,
            least=2,
            average=5,
            now=1,
        ),
    )

    assert intake_changes(first, second) == [
        Change("Pain at Temple, your left", "7/10 (aching)", "5/10 (aching; throbbing)"),
        Change("Pain at Low back, your left", "6/10", "—"),
        Change("Pain at Back of the neck, your right", "—", "4/10 (stiffness; deep, dull)"),
        Change("Worst pain in the last 24 hours", "8/10", "9/10"),
        Change("Pain right now", "4/10", "1/10"),
    ]


def test_intake_changes_ignore_the_consents_and_signature(client_user):
    first = submit(client_user, signature="Ava Chen")

    second = submit(client_user, signature="AVA CHEN")

    assert intake_changes(first, second) == []


# Clearance


@pytest.fixture
def needs_clearance(client_user):
    return submit(client_user, answers=intake_answers(clot_signs=True))


@pytest.fixture
def therapist(client_user):
    therapist = TherapistFactory()
    AppointmentFactory(client=client_user, therapist=therapist)
    return therapist.user


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


def test_intake_clear_by_a_therapist_who_treated_the_client(client_user, needs_clearance):
    therapist = TherapistFactory()
    AppointmentFactory(client=client_user, therapist=therapist, status=AppointmentStatus.COMPLETED)

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


def refused_clearance(intake, by, note="Physician's note.") -> str:
    with pytest.raises(ClearanceRefused) as caught:
        intake_clear(intake=intake, by=by, note=note, ip=None)
    assert IntakeClearance.objects.count() == 0
    return str(caught.value)


NOT_YOURS = "Only the client's therapist or an admin can record a clearance."


def test_intake_clear_by_a_therapist_without_booking_is_refused(needs_clearance):
    assert refused_clearance(needs_clearance, TherapistFactory().user) == NOT_YOURS


def test_intake_clear_by_a_therapist_with_only_a_cancelled_booking_is_refused(
    client_user, needs_clearance
):
    therapist = TherapistFactory()
    AppointmentFactory(client=client_user, therapist=therapist, status=AppointmentStatus.CANCELLED)

    assert refused_clearance(needs_clearance, therapist.user) == NOT_YOURS


def test_intake_clear_by_the_client_is_refused(client_user, needs_clearance):
    assert refused_clearance(needs_clearance, client_user) == NOT_YOURS


def test_intake_clear_by_another_client_is_refused(needs_clearance):
    assert refused_clearance(needs_clearance, ClientFactory()) == NOT_YOURS


@pytest.mark.parametrize("answers", [{}, {"osteoporosis": True}])
def test_intake_clear_of_an_intake_that_needs_none_is_refused(client_user, therapist, answers):
    intake = submit(client_user, answers=intake_answers(**answers))

    assert refused_clearance(intake, therapist) == "This intake does not need a clearance."


@pytest.mark.parametrize("note", ["", "  \n "])
def test_intake_clear_without_a_note_is_refused(needs_clearance, therapist, note):
    assert refused_clearance(needs_clearance, therapist, note) == (
        "Say what was checked, e.g. the physician's note."
    )


# The audit trail


def test_intake_submit_writes_a_create_event(client_user):
    intake = submit(client_user, ip="203.0.113.9")

    assert audit_rows() == [
        (client_user.pk, "create", "intake.Intake", str(intake.pk), NOW, "203.0.113.9")
    ]


def test_intake_clear_writes_a_create_event_about_the_client(needs_clearance, therapist):
    before = len(audit_rows())

    clearance = intake_clear(
        intake=needs_clearance, by=therapist, note="GP letter.", ip="198.51.100.7"
    )

    assert audit_rows()[before:] == [
        (therapist.pk, "create", "intake.IntakeClearance", str(clearance.pk), NOW, "198.51.100.7")
    ]
    assert AuditEvent.objects.get(record_type="intake.IntakeClearance").subject == (
        needs_clearance.client
    )


def test_intake_clear_refused_writes_no_event(needs_clearance):
    before = audit_rows()

    refused_clearance(needs_clearance, TherapistFactory().user)

    assert audit_rows() == before
