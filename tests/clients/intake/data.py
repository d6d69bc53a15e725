"""The moment the intake tests run at, and the pain chart Ava marks."""

from datetime import UTC, datetime

from tests.factories import pain_chart, pain_mark

# Tuesday 1 December 2026, 10:00 in Toronto (UTC-5).
NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
CHART = pain_chart(
    pain_mark("temple", "L", 7, "aching", "throbbing"),
    pain_mark("neck_back", "R", 4, "stiffness"),
    worst=8,
    least=2,
    average=5,
    now=4,
)
