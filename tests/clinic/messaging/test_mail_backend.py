"""MessageFileBackend: each message filed once under its Message-ID, written atomically."""

import email
from email import policy
from pathlib import Path

import pytest
from django.core.mail import EmailMessage, mailers

from clinic.messaging.dispatch import message_send
from clinic.messaging.mail import MessageFileBackend
from clinic.messaging.models import MessageState
from tests.factories import MessageFactory


def message(subject: str, message_id: str) -> EmailMessage:
    return EmailMessage(
        subject=subject, body="Hello", to=["ada@example.org"], headers={"Message-ID": message_id}
    )


def filed(folder: Path) -> dict[str, str]:
    """Each file in the folder by name, with the subject of the message it holds."""
    return {
        path.name: email.message_from_bytes(path.read_bytes(), policy=policy.default)["Subject"]
        for path in sorted(folder.iterdir())
    }


def test_one_file_per_message_id(tmp_path):
    backend = MessageFileBackend(file_path=str(tmp_path))

    sent = backend.send_messages([message("One", "<m-1@clinic>"), message("Two", "<m-2@clinic>")])

    assert sent == 2
    assert filed(tmp_path) == {"m-1@clinic.eml": "One", "m-2@clinic.eml": "Two"}


def test_duplicate_delivery_overwrites_the_same_file(tmp_path):
    backend = MessageFileBackend(file_path=str(tmp_path))
    backend.send_messages([message("First try", "<m-1@clinic>")])

    MessageFileBackend(file_path=str(tmp_path)).send_messages([message("Again", "<m-1@clinic>")])

    assert filed(tmp_path) == {"m-1@clinic.eml": "Again"}


def test_no_temporary_file_is_left(tmp_path):
    backend = MessageFileBackend(file_path=str(tmp_path))

    backend.send_messages([message("One", "<m-1@clinic>"), message("One", "<m-1@clinic>")])

    assert [path.name for path in tmp_path.iterdir()] == ["m-1@clinic.eml"]
    assert list(tmp_path.glob("*.tmp")) == []


def test_unsafe_characters_in_the_id_stay_inside_the_folder(tmp_path):
    folder = tmp_path / "mail"
    backend = MessageFileBackend(file_path=str(folder))

    backend.send_messages([message("Sly", "<../../etc/passwd@clinic>")])

    assert filed(folder) == {".._.._etc_passwd@clinic.eml": "Sly"}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mail"]


def test_configured_through_mailers(tmp_path, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "clinic.messaging.mail.MessageFileBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }

    message("Booked", "<m-1@clinic>").send(using="default")

    assert type(mailers.default) is MessageFileBackend
    assert filed(tmp_path) == {"m-1@clinic.eml": "Booked"}


@pytest.mark.django_db
def test_a_message_row_delivered_twice_is_filed_once(tmp_path, settings):
    """A worker that died after handing a message over, before recording it: the row is
    sent again after the lease, and the folder still holds it once."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "clinic.messaging.mail.MessageFileBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    row = MessageFactory(kind="confirmation")
    assert message_send(message_id=row.pk).state == MessageState.SENT

    type(row).objects.filter(pk=row.pk).update(state=MessageState.QUEUED)
    assert message_send(message_id=row.pk).state == MessageState.SENT

    assert list(filed(tmp_path)) == [f"clinic-message-{row.pk}@localhost.eml"]
