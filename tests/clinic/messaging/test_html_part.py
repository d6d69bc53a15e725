"""The HTML part of an email says what its text part says, escaped once."""

import pytest
from django.core import mail

from tests.clinic.messaging.sending import html_of, send

pytestmark = pytest.mark.django_db


def test_html_part_escapes_what_the_text_part_says_as_written(appointment):
    appointment.therapist.display_name = "Dana <b>O'Brien</b> & Co"
    appointment.therapist.save()

    send("confirmation", appointment)

    [email] = mail.outbox
    assert email.subject == "Booked: Mon 9 Mar 2026, 10:00 with Dana <b>O'Brien</b> & Co"
    html = email.alternatives[0].content
    assert "with Dana &lt;b&gt;O&#x27;Brien&lt;/b&gt; &amp; Co<br>" in html
    assert html_of(email).text == email.body
