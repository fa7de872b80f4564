"""The 10-organization mixed load of SPEC §6.1 (bench/locustfile.py), run headless by Locust in a
process of its own (gevent's monkey-patching stays out of this one), bounded in users and time,
against the throwaway stack's gateway on loopback. Prints p50/p95 per action, the RSS of each
process under the load, and the summary line. OMNI_BENCH_MIXED_SECONDS (default 40) sets how long
the load runs after its organizations are made."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import machine

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
ORGANIZATIONS, USERS_EACH = 10, 50
SECONDS = int(os.environ.get("OMNI_BENCH_MIXED_SECONDS", "40"))
PROCESSES = ("gateway", "identity", "presence", "sync", "reporting")


class PeakRss:
    """The highest RSS each process group reached while the load ran (sampled every 0.2 s)."""

    def __init__(self, groups: dict):
        self.groups, self.peak = groups, dict.fromkeys(groups, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for name, processes in self.groups.items():
                # Each API process on its own: SPEC 6.1's memory figure is per process.
                for process in processes:
                    self.peak[name] = max(self.peak[name], machine.rss_mb([process]))

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()


def run(config, label: str) -> dict:
    """One run of the mixed load; returns its summary figures."""
    users = ORGANIZATIONS * USERS_EACH
    groups = {name: machine.tree(machine.listening(config.ports[name])) for name in PROCESSES}
    with tempfile.TemporaryDirectory(prefix="omni-locust-") as folder:
        prefix = str(Path(folder) / "mixed")
        command = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            config.url("gateway"),
            "--users",
            str(users),
            "--spawn-rate",
            "50",
            "--run-time",
            f"{SECONDS}s",
            "--stop-timeout",
            "5",
            "--csv",
            prefix,
            "--only-summary",
            "--loglevel",
            "ERROR",
            "--exit-code-on-error",
            "0",
        ]
        world = str(Path(folder) / "world.json")
        environment = {**os.environ, "OMNI_BENCH_ORGANIZATIONS": str(ORGANIZATIONS), "OMNI_BENCH_WORLD": world}
        prepared = subprocess.run(
            [sys.executable, "-P", str(LOCUSTFILE), "prepare", config.url("gateway"), world],
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if prepared.returncode != 0:
            print(f"  the mixed load's organizations could not be made:\n{prepared.stderr[-3000:]}")
            return {}
        started = time.monotonic()
        with PeakRss(groups) as rss:
            result = subprocess.run(
                command, env=environment, capture_output=True, text=True, timeout=SECONDS + 240, check=False
            )
        if result.returncode != 0 or not Path(f"{prefix}_stats.csv").exists():
            print(f"  the mixed load did not run ({result.returncode}):\n{result.stderr[-3000:]}")
            return {}
        with open(f"{prefix}_stats.csv", newline="") as stats:
            rows = list(csv.DictReader(stats))
        if not any(int(r["Request Count"]) for r in rows):
            print(f"  the mixed load made no requests:\n{result.stderr[-3000:]}")
        with open(f"{prefix}_failures.csv", newline="") as failures:
            failed = list(csv.DictReader(failures))
    elapsed = time.monotonic() - started
    print(f"\n{ORGANIZATIONS} organizations x {USERS_EACH} users acting about every 2 s for {SECONDS} s, {label}")
    print(f"  {'action':<62}{'count':>8}{'errors':>8}{'p50':>8}{'p95':>8}")
    total = None
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        print(
            f"  {row['Type'] + ' ' + row['Name']:<62}{int(row['Request Count']):>8}"
            f"{int(row['Failure Count']):>8}{_ms(row['50%']):>8}{_ms(row['95%']):>8}"
        )
    for failure in failed[:5]:
        print(f"    error: {failure['Method']} {failure['Name']}: {failure['Error'][:150]} ({failure['Occurrences']}x)")
    print("  RSS under the load, MB, the largest process of each (SPEC 6.1: <= 150 per API process)")
    for name in PROCESSES:
        count = machine.api_processes(groups[name])
        print(f"    {name:<60}{rss.peak[name]:>8.0f}" + (f"   ({count} API processes)" if count > 1 else ""))
    if total is None:
        return {}
    summary = {
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "p50": _ms(total["50%"]),
        "p95": _ms(total["95%"]),
        "rate": float(total["Requests/s"]),
    }
    print(
        f"  {ORGANIZATIONS} organizations × {USERS_EACH} users: {summary['requests']} requests, "  # noqa: RUF001
        f"{summary['errors']} errors, p50 {summary['p50']:.0f} ms, p95 {summary['p95']:.0f} ms"
        f"   ({summary['rate']:.0f} requests/s; target: 0 errors, p95 <= 100 ms; {elapsed:.0f} s)"
    )
    return summary


def _ms(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return float("nan")
