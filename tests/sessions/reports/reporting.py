"""What the report tests share: the moment, the reports, a service of a length, a CSV's rows."""

import csv
import io
from datetime import UTC, datetime

from tests.factories import ServiceFactory

# Tuesday 1 December 2026, 10:00 in Toronto (UTC-5).
NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
ACTIVITY_SLUGS = ["activity", "utilisation", "intakes-missing", "pain", "messages"]
MONEY_SLUGS = [
    "daily-close",
    "revenue-therapists",
    "revenue-services",
    "outstanding",
    "fees",
    "prepaid-sales",
    "prepaid-liabilities",
]
REPORT_SLUGS = ACTIVITY_SLUGS + MONEY_SLUGS
UNRANGED_SLUGS = ["outstanding"]  # of today: a range asked for is not read
RANGED_SLUGS = [slug for slug in REPORT_SLUGS if slug not in UNRANGED_SLUGS]


def service(minutes: int):
    return ServiceFactory(name=f"Session {minutes}", duration_minutes=minutes)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))
