"""CPU seconds by who used them, between two snapshots of /proc (Linux).

    python bench/load/cpu.py snapshot FILE     # before, and again after, the run
    python bench/load/cpu.py compare BEFORE AFTER

Groups: the web workers (gunicorn), the Celery worker and beat, locust, nginx and moto (S3)
when the cluster runs, PostgreSQL's backends for the load database and for any other, and
everything else on the machine (other jobs sharing the cores; processes that ended between
the snapshots are missed).
The machine line is from /proc/stat and is exact: busy and idle time of all cores.
"""

import json
import os
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def group(cmdline: str) -> str:
    if "gunicorn" in cmdline:
        return "gunicorn (web)"
    if "celery" in cmdline:
        return "celery worker and beat"
    if "locust" in cmdline:
        return "locust (load generator)"
    if cmdline.startswith("nginx"):
        return "nginx (load balancer)"
    if "moto_server" in cmdline:
        return "moto (S3)"
    if cmdline.startswith("postgres"):
        return "postgres: load database" if "_load" in cmdline else "postgres: other"
    return "everything else"


def snapshot() -> dict:
    processes = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat, open(f"/proc/{pid}/cmdline", "rb") as cmd:
                fields = stat.read().rsplit(")", 1)[1].split()
                cmdline = cmd.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        processes[pid] = [group(cmdline), (int(fields[11]) + int(fields[12])) / TICKS]
    with open("/proc/stat") as stat:
        cpu = [int(value) for value in stat.readline().split()[1:]]
    idle = cpu[3] + cpu[4]
    return {"processes": processes, "busy": (sum(cpu) - idle) / TICKS, "idle": idle / TICKS}


def compare(before: dict, after: dict) -> dict:
    used: dict[str, float] = {}
    for pid, (name, seconds) in after["processes"].items():
        earlier = before["processes"].get(pid)
        start = earlier[1] if earlier and earlier[0] == name else 0.0
        used[name] = used.get(name, 0.0) + seconds - start
    busy = after["busy"] - before["busy"]
    idle = after["idle"] - before["idle"]
    return {
        "groups": {name: round(seconds, 1) for name, seconds in sorted(used.items())},
        "machine_busy_seconds": round(busy, 1),
        "machine_busy_share": round(busy / (busy + idle), 3) if busy + idle else 0,
    }


if __name__ == "__main__":
    if sys.argv[1] == "snapshot":
        with open(sys.argv[2], "w") as stream:
            json.dump(snapshot(), stream)
    else:
        with open(sys.argv[2]) as first, open(sys.argv[3]) as second:
            print(json.dumps(compare(json.load(first), json.load(second)), indent=2))
