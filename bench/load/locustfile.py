"""What the clinic's users do, at a steady total rate (LOAD_RPS requests a second).

Clients browse therapists, read free times (the page and the API), look at their
appointments, book (pick a free time, confirm it, post) and cancel; therapists open their
day and week and write notes (open the session's note, start it, fill it in and sign).

Request names start with their group, which the summary reports apart:
"page:" server-rendered pages (GET), "api:" JSON reads, "book" the booking POST, "write:"
the other POSTs. The seeding step's sessions sign the users in (LOAD_ACCOUNTS).
"""

import itertools
import json
import os
import random
import re
import time
from datetime import date, timedelta
from pathlib import Path

from groups import Recorder
from locust import FastHttpUser, constant_throughput, events, task
from requests.cookies import create_cookie

ACCOUNTS = json.loads(Path(os.environ.get("LOAD_ACCOUNTS", "var/load/seed.json")).read_text())
USERS = int(os.environ.get("LOAD_USERS", "40"))
RPS = float(os.environ.get("LOAD_RPS", "30"))
# Requests per task, on average over the weighted mix below (measured): the pacing divides
# the wanted rate by it.
REQUESTS_PER_TASK = float(os.environ.get("LOAD_REQUESTS_PER_TASK", "1.44"))
TASKS_PER_USER = RPS / USERS / REQUESTS_PER_TASK

# "poisson": each user starts tasks at TASKS_PER_USER a second on average, at random times;
# "fixed": locust's constant_throughput, one task every 1/TASKS_PER_USER seconds. With fixed
# intervals the users, held up together by any queue, fall into step and arrive in bursts
# of dozens (see README.md); real visitors arrive independently.
PACING = os.environ.get("LOAD_PACING", "poisson")


def poisson_throughput(rate: float):
    """A constant throughput at random (exponential) intervals: a task is due every
    1/rate seconds on average, whatever the tasks take; one that overran starts the next
    at once, without building a backlog."""

    def wait_time(user) -> float:
        now = time.monotonic()
        due = getattr(user, "next_due", now) + random.expovariate(rate)
        user.next_due = max(due, now)
        return user.next_due - now

    return wait_time


SLOT = re.compile(r'name="start" value="([^"]+)" class="btn btn-outline-primary slot"')
CANCEL = re.compile(r'href="/appointments/(\d+)/cancel/"')
SLOT_TAKEN = ("has just been taken", "already have a session")

clients = itertools.cycle(ACCOUNTS["clients"])
therapists = itertools.cycle(ACCOUNTS["therapists"])
# The notes still to write, one list per therapist shared by every user signed in as them
# (more users than therapists at high rates), so no two users start the same note.
notes_to_write = {
    account["email"]: random.sample(account["open_notes"], len(account["open_notes"]))
    for account in ACCOUNTS["therapists"]
}
recorder = Recorder(os.environ.get("LOAD_GROUPS", "var/load/groups.json"))
events.request.add_listener(recorder.on_request)
events.quitting.add_listener(recorder.on_quitting)


class SignedIn(FastHttpUser):
    abstract = True
    wait_time = (
        poisson_throughput(TASKS_PER_USER)
        if PACING == "poisson"
        else constant_throughput(TASKS_PER_USER)
    )

    def sign_in(self, account: dict) -> None:
        self.client.cookiejar.set_cookie(create_cookie("sessionid", account["session"]))
        self.email = account["email"]

    def post(self, url: str, data: dict, name: str):
        """A form post as the browser sends it: the CSRF token, and no redirect followed."""
        token = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        return self.client.post(
            url,
            data={"csrfmiddlewaretoken": token, **data},
            name=name,
            headers={"Referer": self.host + url},
            allow_redirects=False,
            catch_response=True,
        )


class Client(SignedIn):
    weight = 5

    def on_start(self) -> None:
        self.sign_in(next(clients))

    def choice(self) -> tuple[int, int, date]:
        day = date.today() + timedelta(days=random.randint(1, 30))
        return random.choice(ACCOUNTS["therapist_ids"]), random.choice(ACCOUNTS["services"]), day

    def free_times(self, therapist: int, service: int, day: date) -> list[str]:
        response = self.client.get(
            f"/therapists/{therapist}/",
            name="page: therapist and free times",
            params={"service": service, "date": day.isoformat()},
        )
        return SLOT.findall(response.text) if response.status_code == 200 else []

    @task(3)
    def browse_therapists(self) -> None:
        self.client.get("/therapists/", name="page: therapists")

    @task(4)
    def read_free_times(self) -> None:
        self.free_times(*self.choice())

    @task(2)
    def read_availability_api(self) -> None:
        therapist, service, day = self.choice()
        self.client.get(
            "/api/v1/availability/",
            name="api: availability (7 days)",
            params={
                "service": service,
                "start": day.isoformat(),
                "days": 7,
                "therapist": therapist,
            },
        )

    @task(2)
    def my_appointments(self) -> None:
        self.client.get("/appointments/", name="page: my appointments")

    @task(2)
    def book(self) -> None:
        therapist, service, day = self.choice()
        times = self.free_times(therapist, service, day)
        if not times:
            return
        choice = {"therapist": therapist, "service": service, "start": random.choice(times)}
        self.client.get("/appointments/new/", params=choice, name="page: confirm booking")
        with self.post("/appointments/new/", choice, name="book") as response:
            if response.status_code == 302:
                response.success()
            elif response.status_code == 400 and any(w in response.text for w in SLOT_TAKEN):
                response.success()  # someone was faster: the site said so, as it should
                recorder.refused += 1
            else:
                response.failure(f"booking answered {response.status_code}")

    @task(1)
    def cancel(self) -> None:
        listing = self.client.get("/appointments/", name="page: my appointments")
        ids = CANCEL.findall(listing.text) if listing.status_code == 200 else []
        if not ids:
            return
        pk = random.choice(ids)
        self.client.get(f"/appointments/{pk}/cancel/", name="page: cancel appointment")
        with self.post(
            f"/appointments/{pk}/cancel/", {"reason": "Plans changed."}, name="write: cancel"
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"cancel answered {response.status_code}")


class Therapist(SignedIn):
    weight = 1

    def on_start(self) -> None:
        account = next(therapists)
        self.sign_in(account)
        self.open_notes = notes_to_write[account["email"]]

    @task(3)
    def day(self) -> None:
        self.client.get("/schedule/", name="page: schedule (day)")

    @task(2)
    def week(self) -> None:
        self.client.get("/schedule/", params={"view": "week"}, name="page: schedule (week)")

    @task(2)
    def write_note(self) -> None:
        if not self.open_notes:
            return
        pk = self.open_notes.pop()
        self.client.get(f"/appointments/{pk}/note/", name="page: note")
        with self.post(f"/appointments/{pk}/note/start/", {}, name="write: start note") as started:
            if started.status_code != 302:
                started.failure(f"start answered {started.status_code}")
                return
            started.success()
        self.client.get(f"/appointments/{pk}/note/", name="page: note editor")
        note = {
            "subjective": "Neck stiff after long days at the desk.",
            "objective": "Taut band in the upper trapezius.",
            "assessment": "Myofascial pain, improving.",
            "plan": "Heat and gentle stretches daily.",
            "pain_before": random.randint(5, 9),
            "pain_after": random.randint(1, 4),
            "points-TOTAL_FORMS": 1,
            "points-INITIAL_FORMS": 0,
            "points-MIN_NUM_FORMS": 0,
            "points-MAX_NUM_FORMS": 60,
            "points-0-muscle": "upper_trapezius",
            "points-0-side": "L",
            "points-0-activity": "active",
            "points-0-technique": "ischemic_compression",
            "points-0-pressure": 3,
            "points-0-duration_seconds": 90,
            "points-0-response": "released",
            "sign": "1",
        }
        with self.post(
            f"/appointments/{pk}/note/save/", note, name="write: save and sign note"
        ) as saved:
            if saved.status_code == 302:
                saved.success()
            else:
                saved.failure(f"note save answered {saved.status_code}")
                return
        # Save and sign leads to the confirm step; signing is its own request.
        self.client.get(f"/appointments/{pk}/note/sign/", name="page: sign note")
        with self.post(f"/appointments/{pk}/note/sign/", {}, name="write: sign note") as signed:
            if signed.status_code == 302:
                signed.success()
            else:
                signed.failure(f"note sign answered {signed.status_code}")
