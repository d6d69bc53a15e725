"""The intake draft: started empty or from the last version, merged, deleted on signing."""

import pytest

from clients.intake.models import IntakeDraft
from clients.intake.services import intake_draft_save, intake_draft_start
from tests.factories import ClientFactory, intake_answers, pain_chart, pain_mark

from .versions import submit

pytestmark = pytest.mark.django_db


def test_intake_draft_start_without_a_version_is_empty(ava):
    draft = intake_draft_start(client=ava)

    assert (draft.client, draft.answers) == (ava, {})


def test_intake_draft_start_prefills_from_the_last_version_with_consents_reset(ava):
    submit(ava, answers=intake_answers(phone="416-555-0001"))
    chart = pain_chart(pain_mark("buttock", "R", 6, "deep_dull"))
    submit(ava, answers=intake_answers(phone="416-555-0002", night_pain=True), chart=chart)

    draft = intake_draft_start(client=ava)

    draft.refresh_from_db()
    expected = intake_answers(
        phone="416-555-0002", night_pain=True, consent_treatment=False, consent_privacy=False
    )
    assert draft.answers == {**expected, "pain_chart": chart}


def test_intake_draft_start_again_goes_on_with_the_same_draft(ava):
    submit(ava)
    draft = intake_draft_start(client=ava)
    intake_draft_save(draft=draft, answers={"phone": "416-555-0999"})

    again = intake_draft_start(client=ava)

    assert (again.pk, again.answers["phone"]) == (draft.pk, "416-555-0999")
    assert IntakeDraft.objects.count() == 1


def test_intake_draft_save_merges_a_steps_answers(ava):
    draft = intake_draft_start(client=ava)
    intake_draft_save(draft=draft, answers={"phone": "416-555-0100", "address": ""})

    intake_draft_save(draft=draft, answers={"address": "1 King St", "goals": "Sleep."})

    assert IntakeDraft.objects.get(pk=draft.pk).answers == {
        "phone": "416-555-0100",
        "address": "1 King St",
        "goals": "Sleep.",
    }


def test_intake_submit_deletes_the_draft(ava):
    intake_draft_start(client=ava)

    submit(ava)

    assert IntakeDraft.objects.filter(client=ava).exists() is False


def test_intake_submit_keeps_other_clients_drafts(ava):
    other = ClientFactory()
    intake_draft_start(client=other)

    submit(ava)

    assert list(IntakeDraft.objects.values_list("client", flat=True)) == [other.pk]
