"""What the record export tests share: the moments, the download addresses, a signed-in browser."""

from datetime import UTC, datetime

# Tuesday 1 December 2026, 10:00 in Toronto.
NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
PAST = datetime(2026, 11, 24, 15, tzinfo=UTC)
FUTURE = datetime(2026, 12, 8, 15, tzinfo=UTC)
API = "/api/v1/me/export/"
PAGE_JSON = "/record/export.json"
PRINT = "/record/print/"
