"""Online payment against a fake Stripe API on a local port: nothing leaves the machine."""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest
import stripe

from sessions.models import Appointment, AppointmentStatus
from tests.clock import at_clinic
from tests.factories import AppointmentFactory

from ..conftest import TODAY

SECRET_KEY = "sk_test_clinic"
WEBHOOK_SECRET = "whsec_clinic_test"


class FakeStripe(ThreadingHTTPServer):
    """Answers `POST /v1/checkout/sessions` as Stripe does, and records each request with its
    form fields (Stripe's bracketed keys, flat)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FakeStripeHandler)
        self.requests: list[dict] = []
        self.status = 200

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class FakeStripeHandler(BaseHTTPRequestHandler):
    server: FakeStripe

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        form = dict(parse_qsl(self.rfile.read(length).decode()))
        self.server.requests.append(
            {
                "path": self.path,
                "authorization": self.headers["Authorization"],
                "idempotency_key": self.headers["Idempotency-Key"],
                "form": form,
            }
        )
        number = len(self.server.requests)
        if self.server.status == 200:
            reply = {
                "id": f"cs_test_{number}",
                "object": "checkout.session",
                "url": f"https://checkout.stripe.com/c/pay/cs_test_{number}",
                "expires_at": int(form["expires_at"]),
            }
        else:
            reply = {"error": {"type": "api_error", "message": "Stripe is down."}}
        body = json.dumps(reply).encode()
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def stripe_api(settings):
    """Online payment on, with Stripe's API played by a local server."""
    server = FakeStripe()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = server.url
    settings.ONLINE_PAYMENT = "deposit"
    settings.ONLINE_DEPOSIT_PERCENT = 50
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def booked(ava, therapist, service):
    """Ava's session tomorrow at 11:00, booked: 110.00 and 13% tax, 124.30 in all."""
    appointment = AppointmentFactory(
        client=ava,
        therapist=therapist,
        service=service,
        start=at_clinic(TODAY + timedelta(days=1), 11),
        status=AppointmentStatus.BOOKED,
    )
    return Appointment.objects.with_related().get(pk=appointment.pk)  # prices as Decimals


def checkout_event(
    checkout_id: str,
    *,
    kind: str = "checkout.session.completed",
    amount: int = 6215,
    currency: str = "cad",
    payment_status: str = "paid",
    event_id: str = "evt_1",
) -> bytes:
    """A webhook body as Stripe sends it for a checkout session."""
    event = {
        "id": event_id,
        "object": "event",
        "type": kind,
        "data": {
            "object": {
                "id": checkout_id,
                "object": "checkout.session",
                "amount_total": amount,
                "currency": currency,
                "payment_status": payment_status,
                "payment_intent": "pi_test_42",
            }
        },
    }
    return json.dumps(event).encode()


def signature(payload: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header, made by the library's own signing."""
    return stripe.WebhookSignature.generate_signature_header(
        payload.decode(), secret, timestamp=timestamp if timestamp is not None else int(time.time())
    )
