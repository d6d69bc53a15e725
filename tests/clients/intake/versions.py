"""What the intake service tests share: an intake as stored, a submission, a refused clearance."""

import pytest

from clients.intake.models import Intake, IntakeClearance
from clients.intake.services import ClearanceRefused, intake_clear, intake_submit
from tests.factories import intake_answers, pain_chart, pain_mark


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


def refused_clearance(intake, by, note="Physician's note.") -> str:
    with pytest.raises(ClearanceRefused) as caught:
        intake_clear(intake=intake, by=by, note=note, ip=None)
    assert IntakeClearance.objects.count() == 0
    return str(caught.value)
