"""The throughput ceiling (make bench-ramp): the load run's mix at rising rates.

Run by bench/cluster/run.sh (CLUSTER_SEED=load) once the cluster answers. Each step runs
bench/load/locustfile.py through nginx at one offered rate (RAMP_RATES, requests a second)
for RAMP_STEP_SECONDS, with users in proportion to the rate (40 users at 30 requests a second,
as make bench-load), so each user's pace stays the same and only their number grows. A
warm-up at the first rate (RAMP_WARMUP_SECONDS, 20) comes first and is not measured. The
ramp stops after the first step where the pages' p95 passes 200 ms (RAMP_PAGES_P95_MS), any
request fails, or the site served less than 90 % of the offered rate; the rate of the step
before is the highest held. Per step: var/cluster/ramp-RATE/ (locust's CSVs, its log, the
groups' times); in all: var/cluster/ramp.json and var/cluster/ramp.md (the table).
"""

import json
import math
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

LOAD = Path(__file__).resolve().parents[1] / "load"
sys.path.insert(0, str(LOAD))

import cpu  # noqa: E402  (bench/load's modules are plain files, imported from their folder)
from setup_django import setup  # noqa: E402

setup()

from django.utils import timezone  # noqa: E402

from sessions.models import Appointment  # noqa: E402

RATES = [int(rate) for rate in os.environ.get("RAMP_RATES", "30 60 90 120 150 200").split()]
STEP_SECONDS = int(os.environ.get("RAMP_STEP_SECONDS", "60"))
# Fresh workers take seconds over their first requests (templates, URLs, connections): a
# warm-up at the first rate, not measured, keeps that out of the first step.
WARMUP_SECONDS = int(os.environ.get("RAMP_WARMUP_SECONDS", "20"))
USERS_PER_RATE = 40 / 30
PAGES_P95_TARGET_MS = int(os.environ.get("RAMP_PAGES_P95_MS", "200"))
KEPT_UP_SHARE = 0.9
OUT = Path(os.environ.get("CLUSTER_OUT", "var/cluster"))
ACCOUNTS = Path(os.environ.get("CLUSTER_ACCOUNTS", OUT / "seed.json"))
# The processes that serve the site, whose CPU a request costs (cpu.py's groups).
SERVER_GROUPS = (
    "gunicorn (web)",
    "celery worker and beat",
    "postgres: load database",
    "nginx (load balancer)",
    "moto (S3)",
)


def users_for(rate: int) -> int:
    return max(1, math.ceil(rate * USERS_PER_RATE))


def accounts_with_notes_still_open(target: Path) -> None:
    """The seeded accounts, each therapist's open notes read again: an earlier step wrote
    some, and starting a written note again would fail."""
    accounts = json.loads(ACCOUNTS.read_text())
    since = timezone.now() - timedelta(days=10)
    for therapist in accounts["therapists"]:
        therapist["open_notes"] = list(
            Appointment.objects.filter(
                therapist__user__email=therapist["email"],
                start__gte=since,
                start__lt=timezone.now(),
                note__isnull=True,
            ).values_list("pk", flat=True)
        )
    target.write_text(json.dumps(accounts))


def run_locust(rate: int, folder: Path, seconds: int = STEP_SECONDS) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    accounts, groups = folder / "accounts.json", folder / "groups.json"
    accounts_with_notes_still_open(accounts)
    users = users_for(rate)
    env = {
        **os.environ,
        "LOAD_RPS": str(rate),
        "LOAD_USERS": str(users),
        "LOAD_ACCOUNTS": str(accounts),
        "LOAD_GROUPS": str(groups),
    }
    locust = Path(sys.executable).parent / "locust"
    command = [
        str(locust), "-f", str(LOAD / "locustfile.py"), "--headless",
        "-u", str(users), "-r", str(users), "--run-time", f"{seconds}s",
        "--host", os.environ["CLUSTER_URL"], "--csv", str(folder / "locust"),
        "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    before = cpu.snapshot()
    # Failures are judged from the groups' file below; locust's own exit status says the same.
    with open(folder / "locust.log", "w") as log:
        subprocess.run(command, env=env, check=False, stdout=log, stderr=subprocess.STDOUT)
    usage = cpu.compare(before, cpu.snapshot())
    return {"users": users, "summary": json.loads(groups.read_text()), "cpu": usage}


def p95(groups: dict, name: str) -> int | None:
    """The group's p95 in whole milliseconds, or None if it made no request."""
    return round(groups[name]["p95"]) if name in groups else None


def step_result(rate: int, run: dict) -> dict:
    summary, usage = run["summary"], run["cpu"]
    groups = summary["groups"]
    requests = summary["requests"]
    server_cpu = sum(usage["groups"].get(name, 0.0) for name in SERVER_GROUPS)
    return {
        "offered_rps": rate,
        "users": run["users"],
        "achieved_rps": summary["rps"],
        "requests": requests,
        "pages_p95_ms": p95(groups, "pages"),
        "api_p95_ms": p95(groups, "api reads"),
        "failures": sum(group["failures"] for group in groups.values()),
        "server_errors": summary["server_errors"],
        "server_cpu_ms_per_request": round(1000 * server_cpu / requests, 1) if requests else None,
        "machine_cpu_ms_per_request": (
            round(1000 * usage["machine_busy_seconds"] / requests, 1) if requests else None
        ),
        "machine_busy_percent": round(100 * usage["machine_busy_share"], 1),
        "cpu_seconds": usage["groups"],
    }


def missed(step: dict) -> str | None:
    """Why the step does not count as held, if it does not."""
    if step["failures"]:
        return f"{step['failures']} requests failed"
    if step["pages_p95_ms"] is None or step["pages_p95_ms"] > PAGES_P95_TARGET_MS:
        return f"pages p95 {step['pages_p95_ms']} ms is above {PAGES_P95_TARGET_MS} ms"
    if step["achieved_rps"] < KEPT_UP_SHARE * step["offered_rps"]:
        return f"served {step['achieved_rps']} of {step['offered_rps']} requests a second"
    return None


def table(steps: list[dict]) -> str:
    lines = [
        "| offered req/s | users | achieved req/s | pages p95 ms | api p95 ms | failures "
        "| server CPU ms/request | machine CPU ms/request | machine busy |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for step in steps:
        lines.append(
            f"| {step['offered_rps']} | {step['users']} | {step['achieved_rps']} "
            f"| {step['pages_p95_ms']} | {step['api_p95_ms']} | {step['failures']} "
            f"| {step['server_cpu_ms_per_request']} | {step['machine_cpu_ms_per_request']} "
            f"| {step['machine_busy_percent']} % |"
        )
    return "\n".join(lines)


def main() -> int:
    load_before = os.getloadavg()
    if WARMUP_SECONDS:
        print(f"== warm-up: {RATES[0]} requests/s, {WARMUP_SECONDS} s, not measured", flush=True)
        run_locust(RATES[0], OUT / "ramp-warmup", WARMUP_SECONDS)
    steps, held, stopped = [], None, None
    for rate in RATES:
        print(f"== step: {rate} requests/s, {users_for(rate)} users, {STEP_SECONDS} s", flush=True)
        step = step_result(rate, run_locust(rate, OUT / f"ramp-{rate}"))
        steps.append(step)
        print(table([step]).splitlines()[-1], flush=True)
        stopped = missed(step)
        if stopped:
            print(f"   stop: {stopped}", flush=True)
            break
        held = rate
    result = {
        "step_seconds": STEP_SECONDS,
        "rates": RATES,
        "cores": os.cpu_count(),
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        "steps": steps,
        "highest_rate_held": held,
        "stopped_because": stopped,
    }
    (OUT / "ramp.json").write_text(json.dumps(result, indent=2))
    (OUT / "ramp.md").write_text(table(steps) + "\n")
    print(table(steps))
    if held is None:
        print(f"== no step held ({stopped})")
    else:
        print(
            f"== highest rate held: {held} requests/s" + (f" (then {stopped})" if stopped else "")
        )
    print(f"   in {OUT}/ramp.json and {OUT}/ramp.md")
    return 0 if steps and steps[0]["requests"] else 1


if __name__ == "__main__":
    sys.exit(main())
