"""Text messages through a small backend interface, chosen by the SMS_BACKEND setting.

`ConsoleBackend` (the default) prints; `TwilioBackend` sends through Twilio's REST API with
the account in TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN / TWILIO_FROM_NUMBER.
"""

import base64
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """Sending failed; `transient` says whether trying again later may help."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


class SmsBackend(Protocol):
    def send(self, *, to: str, body: str) -> str:
        """Send one message; return the provider's id for it."""


class ConsoleBackend:
    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stdout

    def send(self, *, to: str, body: str) -> str:
        self.stream.write(f"SMS to {to}: {body}\n")
        return "console"


class LocmemBackend:
    """Keeps messages in `outbox`, like Django's locmem email backend (for tests)."""

    outbox: list[dict] = []

    def send(self, *, to: str, body: str) -> str:
        LocmemBackend.outbox.append({"to": to, "body": body})
        return f"locmem-{len(LocmemBackend.outbox)}"


class TwilioBackend:
    def __init__(self) -> None:
        self.sid = settings.TWILIO_ACCOUNT_SID
        self.token = settings.TWILIO_AUTH_TOKEN
        self.sender = settings.TWILIO_FROM_NUMBER
        self.base_url = settings.TWILIO_API_URL.rstrip("/")

    def send(self, *, to: str, body: str) -> str:
        url = f"{self.base_url}/2010-04-01/Accounts/{self.sid}/Messages.json"
        data = urllib.parse.urlencode({"To": to, "From": self.sender, "Body": body}).encode()
        credentials = base64.b64encode(f"{self.sid}:{self.token}".encode()).decode()
        request = urllib.request.Request(
            url, data=data, headers={"Authorization": f"Basic {credentials}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.load(response).get("sid", "")
        except urllib.error.HTTPError as error:
            # 429 and 5xx may pass; other client errors (a bad number) will not.
            transient = error.code == 429 or error.code >= 500
            raise SmsError(f"Twilio answered {error.code}", transient=transient) from error
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise SmsError(f"Twilio could not be reached: {error}", transient=True) from error


def sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()
