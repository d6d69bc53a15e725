"""Drawing a receipt loads nothing from outside it: its text holds what people typed."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sessions.billing import receipts
from sessions.billing.services import appointment_checkout

from .receipt_text import pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_seen():
    """A web server on a free port, and the paths asked of it."""
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()
    server.server_close()


def with_outside_addresses(base: str):
    def render(template, context):
        return (
            f'<link rel="stylesheet" href="{base}/style.css">'
            f'<p>Receipt</p><img src="{base}/pixel.png"><img src="file:///etc/hostname">'
        )

    return render


def test_a_receipt_fetches_no_address_in_its_text(desk, arrived, requests_seen, monkeypatch):
    base, seen = requests_seen
    invoice, _ = appointment_checkout(
        appointment=arrived, by=desk, payments=[pay("cash", "124.30")]
    )
    monkeypatch.setattr(receipts, "render_to_string", with_outside_addresses(base))

    assert receipts.receipt_pdf(invoice).startswith(b"%PDF")

    assert seen == []


def test_weasyprints_own_fetcher_would_have_asked_for_them(requests_seen):
    """The check above can fail: left to itself, WeasyPrint loads both addresses."""
    from weasyprint import HTML

    base, seen = requests_seen
    HTML(string=with_outside_addresses(base)(None, None)).write_pdf()

    assert sorted(seen) == ["/pixel.png", "/style.css"]
