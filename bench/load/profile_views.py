"""Profile the load run's hot pages in one process, on the seeded database (run after
run.sh, with the same DATABASE_URL): time per request, queries per request, and cProfile's
top functions. Usage: python bench/load/profile_views.py [--top 25] [--only NAME]"""

import argparse
import cProfile
import json
import os
import pstats
import time
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from setup_django import setup

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "profile-only-" + "p" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("STATIC_ROOT", "var/load/static")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")
# One client books again and again: the limits against hoarding would refuse it.
os.environ.setdefault("BOOKING_MAX_UPCOMING", "0")
os.environ.setdefault("BOOKING_RATE_PER_HOUR", "0")
setup()

from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from clinic.accounts.models import User
from clinic.catalogue.models import Service
from sessions.availability import available_slots

ROUNDS = 20


def urls(accounts: dict) -> dict[str, tuple[str, str, dict]]:
    therapist, service = accounts["therapist_ids"][0], accounts["services"][1]
    day = (date.today() + timedelta(days=5)).isoformat()
    return {
        "page: therapists": ("client", "/therapists/", {}),
        "page: therapist and free times": (
            "client",
            f"/therapists/{therapist}/",
            {"service": service, "date": day},
        ),
        "api: availability (7 days)": (
            "client",
            "/api/v1/availability/",
            {"service": service, "start": day, "days": 7, "therapist": therapist},
        ),
        "page: my appointments": ("client", "/appointments/", {}),
        "page: schedule (day)": ("therapist", "/schedule/", {}),
        "page: schedule (week)": ("therapist", "/schedule/", {"view": "week"}),
    }


class QueryTimer:
    """Counts the queries run through the connection, and the time they take."""

    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


def signed_in(account: dict) -> Client:
    """The seeded session, as the load run's users carry it (a therapist's has passed the
    second step)."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = account["session"]
    return client


def free_choices(accounts: dict):
    """Free (therapist, service, start) choices for booking, one after another."""
    service = Service.objects.get(pk=accounts["services"][1])
    first = timezone.localdate() + timedelta(days=3)
    for therapist in accounts["therapist_ids"]:
        slots = available_slots(service=service, therapist_ids=[therapist], first_day=first,
                                days=10, now=timezone.now())  # fmt: skip
        for slot in slots[::4]:  # an hour apart: a 60-minute session each
            yield {"therapist": therapist, "service": service.pk, "start": slot.start.isoformat()}


def requests(accounts: dict, users: dict) -> dict:
    """Name: one request of that kind, as a call; checks its answer."""
    calls = {}
    for name, (who, url, params) in urls(accounts).items():
        calls[name] = partial(expect, 200, users[who].get, url, params)
    choices = free_choices(accounts)
    booker = Client()  # a new client, whom none of the free times can clash with
    booker.force_login(
        User.objects.create(
            email=f"profile-{time.time()}@load.clinic", email_confirmed_at=timezone.now()
        )
    )
    calls["book"] = lambda: expect(302, booker.post, "/appointments/new/", next(choices))
    return calls


def repeat(call) -> None:
    for _ in range(ROUNDS):
        call()


def expect(status: int, method, *args):
    response = method(*args)
    assert response.status_code == status, (args, response.status_code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--only")
    args = parser.parse_args()
    accounts = json.loads(Path(os.environ.get("LOAD_ACCOUNTS", "var/load/seed.json")).read_text())
    users = {
        "client": signed_in(accounts["clients"][1]),
        "therapist": signed_in(accounts["therapists"][0]),
    }
    for name, call in requests(accounts, users).items():
        if args.only and args.only not in name:
            continue
        call()  # warm up
        queries = QueryTimer()
        with connection.execute_wrapper(queries):
            call()
        wall, cpu = time.perf_counter(), time.process_time()
        repeat(call)
        wall = (time.perf_counter() - wall) / ROUNDS * 1000
        cpu = (time.process_time() - cpu) / ROUNDS * 1000
        print(
            f"\n=== {name}: {wall:.1f} ms a request ({cpu:.1f} ms CPU in Django), "
            f"{queries.count} queries ({queries.seconds * 1000:.1f} ms in SQL)"
        )
        if args.top:
            profile = cProfile.Profile()
            profile.runcall(repeat, call)
            sort = os.environ.get("PROFILE_SORT", "cumulative")
            pstats.Stats(profile).sort_stats(sort).print_stats(args.top)


if __name__ == "__main__":
    main()
