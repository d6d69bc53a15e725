"""After the run: the database and the mail sink, then the summary against the targets.

Waits for the worker to send what the run made due, then checks that no two live
appointments of a therapist (or of a client) overlap, with an SQL self-join, and that every
booking made during the run got exactly one confirmation: one row, sent on the first
attempt, and one file in the mail sink (MessageFileBackend files each Message-ID once).
"""

import argparse
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from groups import percentile
from setup_django import setup

setup()

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count

from clinic.messaging.models import Message, MessageState
from sessions.messages import CONFIRMATION
from sessions.models import Appointment

TARGETS = {"booking": 300, "pages": 200}  # p95, ms
WAITING = [MessageState.PENDING, MessageState.QUEUED, MessageState.SENDING]

OVERLAPS = """
    SELECT count(*) FROM clinic_sessions_appointment a
    JOIN clinic_sessions_appointment b
      ON a.{who} = b.{who} AND a.id < b.id
     AND a.status <> 'cancelled' AND b.status <> 'cancelled'
     AND a.start < b.{until} AND b.start < a.{until}
"""


def overlaps(who: str, until: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(OVERLAPS.format(who=who, until=until))
        return cursor.fetchone()[0]


def confirmations(since: datetime, mail_dir: str, wait: float) -> dict:
    booked = Appointment.objects.filter(created_at__gte=since)
    rows = Message.objects.filter(
        kind=CONFIRMATION.name,
        subject_type=ContentType.objects.get_for_model(Appointment),
        subject_id__in=booked.values("pk"),
    )
    deadline = time.monotonic() + wait
    while rows.filter(state__in=WAITING).exists() and time.monotonic() < deadline:
        time.sleep(1)
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "clinic.local"
    files = set(os.listdir(mail_dir))
    sent = list(rows.filter(state=MessageState.SENT).values_list("pk", "attempts"))
    return {
        "bookings": booked.count(),
        "confirmation_rows": rows.count(),
        "bookings_without_one_confirmation_row": booked.exclude(
            pk__in=rows.values("subject_id")
        ).count()
        + (rows.count() - rows.values("subject_id").distinct().count()),
        "sent": len(sent),
        "sent_after_a_retry": sum(1 for _, attempts in sent if attempts != 1),
        "not_sent": rows.exclude(state=MessageState.SENT).count(),
        "sent_without_mail_file": sum(
            1 for pk, _ in sent if f"clinic-message-{pk}@{domain}.eml" not in files
        ),
    }


def server_group(method: str, path: str) -> str:
    if method == "GET":
        return "api reads" if path.startswith("/api/") else "pages"
    return "booking" if path == "/appointments/new/" else "other writes"


def server_times(log: Path) -> dict:
    """Per group, the time gunicorn's workers spent on each request (no queueing before)."""
    times: dict[str, list[int]] = {}
    for line in log.read_text().splitlines():
        method, path, status, ms = line.split()
        times.setdefault(server_group(method, path), []).append(int(ms))
    return {
        name: {
            "requests": len(values),
            **{f"p{share}": percentile(sorted(values), share / 100) for share in (50, 95, 99)},
        }
        for name, values in sorted(times.items())
    }


def verdict(name: str, ok: bool) -> str:
    return f"{'PASS' if ok else 'FAIL'}  {name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", required=True)
    parser.add_argument("--since", required=True, type=float, help="run start, epoch seconds")
    parser.add_argument("--mail", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--wait", type=float, default=90)
    parser.add_argument("--cpu", help="cpu.py's comparison (JSON)")
    parser.add_argument("--access-log", help="gunicorn's log: method, path, status, ms")
    args = parser.parse_args()
    load = json.loads(Path(args.groups).read_text())
    since = datetime.fromtimestamp(args.since, UTC)
    checks = {
        "therapist_overlaps": overlaps("therapist_id", "blocked_until"),
        "client_overlaps": overlaps("client_id", '"end"'),
        "confirmations": confirmations(since, args.mail, args.wait),
        "messages_by_state": dict(
            Message.objects.order_by().values_list("state").annotate(n=Count("pk"))
        ),
    }
    if args.cpu:
        checks["cpu_seconds"] = json.loads(Path(args.cpu).read_text())
    if args.access_log:
        checks["server_side_ms"] = server_times(Path(args.access_log))
    result = {"load": load, "checks": checks}
    with open(args.out, "w") as stream:
        json.dump(result, stream, indent=2, default=str)
    verdicts = judge(load, checks)
    print(report(load, checks, verdicts))
    strict = os.environ.get("LOAD_STRICT") == "1"
    failed = [
        name for name, (ok, correctness) in verdicts.items() if not ok and (correctness or strict)
    ]
    raise SystemExit(1 if failed else 0)


def judge(load: dict, checks: dict) -> dict[str, tuple[bool, bool]]:
    """Each target: (met, whether it is about correctness rather than speed)."""
    groups, mail = load["groups"], checks["confirmations"]
    return {
        f"booking p95 < {TARGETS['booking']} ms": (
            groups.get("booking", {}).get("p95", 0) < TARGETS["booking"],
            False,
        ),
        f"page p95 < {TARGETS['pages']} ms": (
            groups.get("pages", {}).get("p95", 0) < TARGETS["pages"],
            False,
        ),
        "about 30 requests a second": (load["rps"] >= 27, False),
        "zero 5xx": (load["server_errors"] == 0, True),
        "zero failed requests": (sum(g["failures"] for g in groups.values()) == 0, True),
        "zero overlapping appointments": (
            checks["therapist_overlaps"] == checks["client_overlaps"] == 0,
            True,
        ),
        "every confirmation sent once": (
            mail["bookings"] > 0
            and mail["bookings_without_one_confirmation_row"] == 0
            and mail["not_sent"] == 0
            and mail["sent_after_a_retry"] == 0
            and mail["sent_without_mail_file"] == 0,
            True,
        ),
    }


def report(load: dict, checks: dict, verdicts: dict) -> str:
    lines = [
        f"{load['requests']} requests in {load['seconds']} s = {load['rps']} requests/s; "
        f"5xx: {load['server_errors']}; connection errors: {load['connection_errors']}; "
        f"bookings refused as taken: {load['bookings_refused_slot_taken']}; "
        f"locust's own CPU: {load['load_generator_cpu_seconds']} s",
        "",
        f"{'group':<14}{'requests':>9}{'failures':>9}"
        + "".join(f"{column:>8}" for column in ("p50", "p95", "p99", "max"))
        + "  (ms)",
    ]
    for name, group in load["groups"].items():
        lines.append(
            f"{name:<14}{group['requests']:>9}{group['failures']:>9}{group['p50']:>8.0f}"
            f"{group['p95']:>8.0f}{group['p99']:>8.0f}{group['max']:>8.0f}"
        )
    mail = checks["confirmations"]
    lines += [
        "",
        f"overlapping live appointments: therapist {checks['therapist_overlaps']}, "
        f"client {checks['client_overlaps']}",
        f"bookings during the run: {mail['bookings']}; confirmations sent "
        f"{mail['sent']} (after a retry {mail['sent_after_a_retry']}, not sent "
        f"{mail['not_sent']}, without a mail file {mail['sent_without_mail_file']}, bookings "
        f"without exactly one confirmation row {mail['bookings_without_one_confirmation_row']})",
        f"messages by state: {checks['messages_by_state']}",
        f"time in gunicorn's workers, ms: {checks.get('server_side_ms', {})}",
        f"CPU seconds during the run: {checks.get('cpu_seconds', {})}",
        "",
        *(verdict(name, ok) for name, (ok, _) in verdicts.items()),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
