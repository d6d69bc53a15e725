"""An email backend that files each message under its Message-ID, atomically.

Delivering the same message twice (a send retried after a worker died between handing it
over and recording it) leaves one file: the folder holds each message exactly once.
Configure with EMAIL_BACKEND=clinic.messaging.mail.MessageFileBackend and EMAIL_FILE_PATH.
"""

import os
import re
import tempfile

from django.core.mail.backends.base import BaseEmailBackend

UNSAFE = re.compile(r"[^A-Za-z0-9_.@-]")


class MessageFileBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, file_path=None, **kwargs):
        # Like Django's own backends: MAILERS refuses a fail_silently passed up (it is not
        # one of its options), so keep it here.
        super().__init__(**kwargs)
        self.fail_silently = fail_silently
        self.file_path = os.path.abspath(file_path or "var/mail")
        os.makedirs(self.file_path, exist_ok=True)

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            self._write(message)
        return len(email_messages)

    def _write(self, message) -> None:
        mime = message.message()
        name = UNSAFE.sub("_", (mime["Message-ID"] or "").strip("<>")) or None
        handle, temporary = tempfile.mkstemp(dir=self.file_path, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(mime.as_bytes())
        if name is None:  # no id to key on: keep it under its temporary name
            os.replace(temporary, temporary[: -len(".tmp")] + ".eml")
        else:
            os.replace(temporary, os.path.join(self.file_path, f"{name}.eml"))
