"""Real Celery workers, brokers and due messages, shared by the integration tests and the bench.

A worker is a subprocess (`celery -A clinic.config worker --beat`) in its own process group, so a
test can SIGKILL it with its pool processes and its embedded beat at once, as when a
machine dies. It shares the test database that pytest-django made (DATABASE_URL) and files
mail with `clinic.messaging.mail.MessageFileBackend` into a folder the test reads.

The brokers are shared with other projects: every run publishes to a queue of its own
(a fresh name) in a Redis database of its own, and removes only that queue afterwards.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection
from django.db.models import Count
from kombu import pools

from clinic.config import celery_app
from clinic.messaging.models import Channel, Message
from sessions.models import Appointment
from tests.factories import ClientFactory, ServiceFactory, TherapistFactory

CELERY = Path(sys.executable).with_name("celery")
REDIS_URL = os.environ.get("INTEGRATION_REDIS_URL", "redis://127.0.0.1:6379/7")
RABBITMQ_URL = os.environ.get("INTEGRATION_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")
TIMEOUT = 60.0  # seconds: generous for a loaded 2-core machine, and still bounded


def wait_until(
    condition: Callable[[], object], *, timeout: float = TIMEOUT, every: float = 0.1, what: str
):
    """Poll `condition` until it returns something true, and return that; fail at `timeout`."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout:g} s waiting for {what}")
        time.sleep(every)
    return result


def shared_database_url() -> str:
    """The URL of the database pytest-django created, for a worker to share."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER'] or 'postgres'}{password}@{host}:{port}/{db['NAME']}"


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def broker_reachable(url: str) -> bool:
    with celery_app.connection_for_write(url) as conn:
        try:
            conn.ensure_connection(max_retries=1, timeout=3)
        except Exception:  # any refusal means "not here"
            return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Worker:
    """One Celery subprocess (a worker, or a beat alone); `log` holds what it printed."""

    process: subprocess.Popen
    log: Path
    name: str

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_ready(self, timeout: float = TIMEOUT) -> None:
        def ready() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"The worker exited early:\n{self.log_text()[-4000:]}")
            return f"{self.name} ready." in self.log_text()

        wait_until(ready, timeout=timeout, what=f"worker {self.name} to be ready")

    def kill(self) -> None:
        """SIGKILL the whole process group (pool processes and beat too), and reap it."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it died on its own just now
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


@dataclass
class WorkerFarm:
    """Starts workers on one broker and queue, sharing the test database and a mail folder."""

    broker_url: str
    folder: Path
    env: dict = field(default_factory=dict)
    queue: str = field(default_factory=lambda: f"clinic-it-{uuid.uuid4().hex[:12]}")
    workers: list[Worker] = field(default_factory=list)

    @property
    def mail(self) -> Path:
        return self.folder / "mail"

    def start(self, *, concurrency: int = 2, beat: bool = True, **env: str) -> Worker:
        """A worker, with a beat of its own unless `beat` is false."""
        number = len(self.workers) + 1
        name = f"{self.queue}-{number}@{socket.gethostname()}"
        command = [
            str(CELERY), "-A", "clinic.config", "worker", *(["--beat"] if beat else []),
            "--loglevel", "info", "--concurrency", str(concurrency), "--pool", "prefork",
            "--hostname", name,
            # The brokers are shared: don't sync or gossip with other projects' workers.
            "--without-mingle", "--without-gossip",
        ]  # fmt: skip
        return self._spawn(command, name=name, log=self.folder / f"worker{number}.log", **env)

    def start_beat(self, **env: str) -> Worker:
        """A `celery beat` alone, publishing the schedule's tasks to the farm's queue."""
        number = len(self.workers) + 1
        name = f"{self.queue}-beat{number}"
        command = [str(CELERY), "-A", "clinic.config", "beat", "--loglevel", "info"]
        return self._spawn(command, name=name, log=self.folder / f"beat{number}.log", **env)

    def _spawn(self, command: list[str], *, name: str, log: Path, **env: str) -> Worker:
        number = len(self.workers) + 1
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "clinic.config.settings_test",
            "DATABASE_URL": shared_database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CELERY_BEAT_SCHEDULE_FILENAME": str(self.folder / f"beat{number}-schedule"),
            "EMAIL_BACKEND": "clinic.messaging.mail.MessageFileBackend",
            "EMAIL_FILE_PATH": str(self.mail),
            "MESSAGE_DISPATCH_SECONDS": "1",
            "PYTHONUNBUFFERED": "1",
            **self.env,
            **env,
        }
        with log.open("ab") as output:
            process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a process group of its own, to kill as one
            )
        worker = Worker(process=process, log=log, name=name)
        self.workers.append(worker)
        return worker

    def kill_all(self) -> None:
        for worker in self.workers:
            worker.kill()

    def logs(self) -> str:
        return "\n".join(f"--- {w.name}\n{w.log_text()[-6000:]}" for w in self.workers)

    def mail_files(self, pattern: str = "*.eml") -> set[str]:
        return {path.name for path in self.mail.glob(pattern)}


def publish_to(broker_url: str | None, queue: str) -> None:
    """Point this process's Celery app at `broker_url` and `queue` (None: back to the settings).

    The read and write URLs are set rather than `broker_url`, which Celery takes from the
    environment first, where the test settings put their in-process broker.
    """
    conf = celery_app.conf
    conf.broker_write_url = conf.broker_read_url = broker_url
    conf.task_default_queue = queue
    # Forget pooled connections and producers, and the cached queue declarations.
    pools.reset()
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)


def forget_queue(broker_url: str, queue: str) -> None:
    """Remove our queue and whatever a killed worker left of it, and nothing else."""
    if broker_url.startswith("redis"):
        client = redis.Redis.from_url(broker_url)
        # kombu's keys: the queue, its priority lists, its exchange binding.
        client.delete(queue, *(f"{queue}\x06\x16{p}" for p in (3, 6, 9)))
        client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        # Our workers' remote-control mailboxes (named after the queue, see WorkerFarm).
        for member in client.smembers("_kombu.binding.celery.pidbox"):
            if f"{queue}-" in member.decode():
                client.srem("_kombu.binding.celery.pidbox", member)
        # Messages a killed worker held unacknowledged (kombu would restore them in an hour).
        for tag, entry in client.hgetall("unacked").items():
            if json.loads(entry)[2] == queue:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
        return
    with celery_app.connection_for_write(broker_url) as conn:
        channel = conn.default_channel
        channel.queue_delete(queue)
        channel.exchange_delete(queue)


@dataclass
class PrivateRedis:
    """A redis-server of our own on a free port, to stop and start as a broker outage."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        server = shutil.which("redis-server")
        assert server, "redis-server is needed (apt-get install redis-server)"
        self.process = subprocess.Popen(
            [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(lambda: port_open(self.port), what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        wait_until(lambda: not port_open(self.port), what=f"port {self.port} to close")


def due_reminders(count: int, *, now: datetime, pairs: int = 100) -> list[int]:
    """`count` due 24-hour reminders, one for each of `count` real appointments, in bulk.

    Each of `pairs` therapists sees one client (their own) every hour from three days
    ahead, so no therapist's and no client's appointments overlap.
    """
    service = ServiceFactory(duration_minutes=60)
    therapists = TherapistFactory.create_batch(pairs, services=[service])
    clients = ClientFactory.create_batch(pairs)
    first = (now + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    starts = [first + timedelta(hours=index // pairs) for index in range(count)]
    appointments = Appointment.objects.bulk_create(
        Appointment(
            client=clients[index % pairs],
            therapist=therapists[index % pairs],
            service=service,
            start=start,
            end=start + timedelta(hours=1),
            blocked_until=start + timedelta(hours=1),
        )
        for index, start in enumerate(starts)
    )
    messages = Message.objects.bulk_create(
        Message(
            key=f"reminder_24h:{appointment.pk}:s0:{Channel.EMAIL}",
            kind="reminder_24h",
            channel=Channel.EMAIL,
            recipient_id=appointment.client_id,
            subject=appointment,
            subject_time=appointment.start,
            due_at=now - timedelta(minutes=1),
            send_by=appointment.start,
        )
        for appointment in appointments
    )
    return [message.pk for message in messages]


def count_states(ids: list[int] | None = None) -> dict[str, int]:
    """How many of the rows (all, or those in `ids`) are in each state."""
    rows = Message.objects.all() if ids is None else Message.objects.filter(pk__in=ids)
    return dict(rows.order_by().values("state").annotate(n=Count("pk")).values_list("state", "n"))


def mail_name(message_id: int) -> str:
    """The file MessageFileBackend writes for a message: its Message-ID, made safe."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "clinic.local"
    return f"clinic-message-{message_id}@{domain}.eml"
