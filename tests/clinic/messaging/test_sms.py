"""Text message backends: the console, the in-memory outbox, and Twilio's REST API (against a
local fake server)."""

import base64
import io
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from clinic.messaging.sms import ConsoleBackend, LocmemBackend, SmsError, TwilioBackend, sms_backend

TO = "+14165550142"
FROM = "+14165550100"
SID = "AC0123456789abcdef"
TOKEN = "twilio-test-token"


class FakeTwilio(ThreadingHTTPServer):
    """Records each request and answers with `status` and `reply`."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FakeTwilioHandler)
        self.requests: list[dict] = []
        self.status = 201
        self.reply = {"sid": "SM0123456789abcdef", "status": "queued"}

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class FakeTwilioHandler(BaseHTTPRequestHandler):
    server: FakeTwilio

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.server.requests.append(
            {
                "path": self.path,
                "authorization": self.headers["Authorization"],
                "content_type": self.headers["Content-Type"],
                "form": parse_qs(self.rfile.read(length).decode()),
            }
        )
        body = json.dumps(self.server.reply).encode()
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def twilio(settings):
    server = FakeTwilio()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    settings.TWILIO_API_URL = server.url + "/"
    settings.TWILIO_ACCOUNT_SID = SID
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.TWILIO_FROM_NUMBER = FROM
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def refused_with(backend) -> SmsError:
    with pytest.raises(SmsError) as refused:
        backend.send(to=TO, body="Hello")
    return refused.value


# Console and locmem


def test_console_backend_writes_the_message():
    stream = io.StringIO()

    sent_id = ConsoleBackend(stream=stream).send(to=TO, body="Your session is booked.")

    assert sent_id == "console"
    assert stream.getvalue() == f"SMS to {TO}: Your session is booked.\n"


def test_console_backend_writes_to_stdout_by_default(capsys):
    ConsoleBackend().send(to=TO, body="Hello")

    assert capsys.readouterr().out == f"SMS to {TO}: Hello\n"


def test_locmem_backend_keeps_messages_in_its_outbox(settings, monkeypatch):
    settings.SMS_BACKEND = "clinic.messaging.sms.LocmemBackend"
    monkeypatch.setattr(LocmemBackend, "outbox", [])

    ids = [sms_backend().send(to=TO, body="One"), sms_backend().send(to=FROM, body="Two")]

    assert ids == ["locmem-1", "locmem-2"]
    assert LocmemBackend.outbox == [{"to": TO, "body": "One"}, {"to": FROM, "body": "Two"}]


def test_sms_backend_follows_the_setting(settings):
    settings.SMS_BACKEND = "clinic.messaging.sms.ConsoleBackend"

    assert type(sms_backend()) is ConsoleBackend


# Twilio


def test_twilio_backend_posts_the_message_and_returns_its_sid(twilio):
    sent_id = TwilioBackend().send(to=TO, body="Booked: Mon 9 Mar 10:00 & more")

    assert sent_id == "SM0123456789abcdef"
    credentials = base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert twilio.requests == [
        {
            "path": f"/2010-04-01/Accounts/{SID}/Messages.json",
            "authorization": f"Basic {credentials}",
            "content_type": "application/x-www-form-urlencoded",
            "form": {"To": [TO], "From": [FROM], "Body": ["Booked: Mon 9 Mar 10:00 & more"]},
        }
    ]


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_twilio_server_errors_and_rate_limits_are_transient(twilio, status):
    twilio.status = status
    twilio.reply = {"code": 20500, "message": "Try again"}

    error = refused_with(TwilioBackend())

    assert (str(error), error.transient) == (f"Twilio answered {status}", True)


@pytest.mark.parametrize("status", [400, 401, 404])
def test_twilio_client_errors_are_not_transient(twilio, status):
    twilio.status = status
    twilio.reply = {"code": 21211, "message": "The 'To' number is not a valid phone number."}

    error = refused_with(TwilioBackend())

    assert (str(error), error.transient) == (f"Twilio answered {status}", False)


def test_twilio_unreachable_is_transient(settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.TWILIO_API_URL = f"http://127.0.0.1:{port}"

    error = refused_with(TwilioBackend())

    assert error.transient is True
    assert str(error).startswith("Twilio could not be reached: ")
