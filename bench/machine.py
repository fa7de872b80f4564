"""What the machine was doing while a figure was taken: the load average beside the cores (a busy
machine makes every figure worse, and a noisy run must not be read as a regression), and the CPU
each of the stack's processes spent, read from /proc (utime + stime of the process and its
children's threads, through psutil), so a throughput figure comes with its cost per record."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

import psutil

# Above this many runnable tasks per core the figures are not comparable with a quiet run's.
BUSY_PER_CORE = 0.7


def cores() -> int:
    return psutil.cpu_count() or 1


def load_note(when: str) -> str | None:
    """A warning when the machine is busy (1-minute load average against the cores), else None."""
    one, five, _ = os.getloadavg()
    if one <= BUSY_PER_CORE * cores():
        return None
    return (
        f"  !! the machine is busy {when}: load average {one:.1f} (5 min: {five:.1f}) on {cores()} cores; "
        "other work shares the CPU, so read these figures with care and compare runs taken close together"
    )


def warn_if_busy(when: str) -> None:
    note = load_note(when)
    if note:
        print(note, flush=True)


def listening(port: int) -> psutil.Process | None:
    for conn in psutil.net_connections("tcp"):
        if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN and conn.pid:
            with contextlib.suppress(psutil.NoSuchProcess):
                process = psutil.Process(conn.pid)
                # With several API processes on a port, every one listens: name their parent.
                parent = process.parent()
                if parent is not None and any(
                    c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN for c in _connections(parent)
                ):
                    return parent
                if parent is not None and "multiprocessing" in " ".join(process.cmdline()):
                    return parent
                return process
    return None


def _connections(process: psutil.Process):
    try:
        return process.net_connections("tcp")
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return []


def tree(process: psutil.Process | None) -> list[psutil.Process]:
    """The process and every process under it (an API's worker processes, a worker's pool)."""
    if process is None:
        return []
    with contextlib.suppress(psutil.NoSuchProcess):
        return [process, *process.children(recursive=True)]
    return []


def api_processes(processes: list[psutil.Process]) -> int:
    """How many of a tree serve requests: with several, uvicorn's spawned children do (its parent
    only supervises, beside multiprocessing's resource tracker)."""
    spawned = 0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            if "spawn_main" in " ".join(process.cmdline()):
                spawned += 1
    return spawned or min(len(processes), 1)


def by_name(*names: str) -> psutil.Process | None:
    """A server process of the machine (MySQL, Redis): shared with anything else using them."""
    for process in psutil.process_iter(["name"]):
        if process.info["name"] in names:
            return process
    return None


def worker_processes(service: str, prefix: str) -> list[psutil.Process]:
    """A stack's Celery worker of one service, with its children (the processes that do the work)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        try:
            cmdline = process.info["cmdline"] or []
            if service in cmdline and "worker" in cmdline and process.environ().get("OMNI_DB_PREFIX") == prefix:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def rss_mb(processes: list[psutil.Process]) -> float:
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total / 2**20 if processes else float("nan")


@dataclass
class Meter:
    """CPU seconds of named groups of processes between start() and stop()."""

    groups: dict[str, list[psutil.Process]]

    @classmethod
    def of_stack(cls, config, names=("gateway", "presence", "identity")) -> Meter:
        groups = {name: tree(listening(config.ports[name])) for name in names}
        mysql, redis = by_name("mariadbd", "mysqld"), by_name("redis-server")
        groups["MySQL (whole server)"] = [mysql] if mysql else []
        groups["Redis (whole server)"] = [redis] if redis else []
        groups["this load generator"] = [psutil.Process()]
        return cls(groups)

    def start(self) -> None:
        self._before = {name: cpu_seconds(ps) for name, ps in self.groups.items()}
        self._machine = psutil.cpu_times()

    def stop(self) -> tuple[dict[str, float], float]:
        """CPU seconds of each group, and of the whole machine meanwhile (every core, busy time)."""
        spent = {name: cpu_seconds(ps) - self._before[name] for name, ps in self.groups.items()}
        now = psutil.cpu_times()
        machine = (now.user + now.system + getattr(now, "nice", 0)) - (
            self._machine.user + self._machine.system + getattr(self._machine, "nice", 0)
        )
        return spent, machine


def print_cpu_per_record(spent: dict[str, float], machine: float, records: int, indent: str = "    ") -> None:
    """CPU milliseconds per record of each group, and what the rest of the machine took."""
    if not records:
        return
    ours = sum(spent.values())
    parts = [f"{name} {seconds * 1000 / records:.2f}" for name, seconds in spent.items() if seconds > 0]
    print(f"{indent}CPU ms per record: " + ", ".join(parts) + f"; total {ours * 1000 / records:.2f}")
    others = max(0.0, machine - ours)
    if machine > 0:
        print(
            f"{indent}the rest of the machine used {others:.1f} of {machine:.1f} busy CPU seconds meanwhile "
            f"({100 * others / machine:.0f} %)"
        )
