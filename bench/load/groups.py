"""Every response time, by request group, for exact percentiles per group (locust's CSV has
them per request name only)."""

import json
import resource
from collections import defaultdict

GROUPS = {"page:": "pages", "api:": "api reads", "book": "booking", "write:": "other writes"}


def group_of(name: str) -> str:
    return next((group for prefix, group in GROUPS.items() if name.startswith(prefix)), "other")


def percentile(ordered: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted values."""
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Recorder:
    def __init__(self, path: str):
        self.path = path
        self.times: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, int] = defaultdict(int)
        self.server_errors = 0
        self.connection_errors = 0
        self.refused = 0
        self.first = self.last = None

    def on_request(
        self,
        request_type,
        name,
        response_time,
        response_length,
        response=None,
        exception=None,
        start_time=None,
        **kwargs,
    ) -> None:
        group = group_of(name)
        self.times[group].append(response_time)
        if exception is not None:
            self.failures[group] += 1
        status = getattr(response, "status_code", 0) or 0
        if status >= 500:
            self.server_errors += 1
        elif not status:
            self.connection_errors += 1
        if start_time is not None:
            self.first = start_time if self.first is None else min(self.first, start_time)
            self.last = start_time if self.last is None else max(self.last, start_time)

    def summary(self) -> dict:
        seconds = (self.last - self.first) if self.first is not None else 0
        groups = {}
        for group, times in sorted(self.times.items()):
            ordered = sorted(times)
            groups[group] = {
                "requests": len(ordered),
                "failures": self.failures[group],
                "p50": percentile(ordered, 0.50),
                "p95": percentile(ordered, 0.95),
                "p99": percentile(ordered, 0.99),
                "max": ordered[-1],
            }
        total = sum(len(times) for times in self.times.values())
        return {
            "requests": total,
            "seconds": round(seconds, 1),
            "rps": round(total / seconds, 1) if seconds else 0,
            "server_errors": self.server_errors,
            "connection_errors": self.connection_errors,
            "bookings_refused_slot_taken": self.refused,
            "load_generator_cpu_seconds": round(_cpu_seconds(), 1),
            "groups": groups,
        }

    def on_quitting(self, environment, **kwargs) -> None:
        with open(self.path, "w") as stream:
            json.dump(self.summary(), stream, indent=2)
