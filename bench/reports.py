"""`make bench`, reports (SPEC 6.1): the attendance register of 500 participants by 100 sessions
(50,000 records) as PDF and as XLSX, from the request through the gateway to the file
downloaded, with the report worker's peak memory while it builds; beside each, a bare reportlab
and a bare openpyxl render of the same cells (read back from the CSV of the same register) in a
process of its own, timed and measured the same way."""

from __future__ import annotations

import contextlib
import csv
import io
import multiprocessing
import resource
import threading
import time
from datetime import UTC, datetime, timedelta

import httpx
import psutil

from bench import machine

SESSIONS = 100
STATES = ("present", "present", "present", "late", "absent", "present", "excused", "present")


def ok(answer: httpx.Response) -> dict:
    assert answer.status_code in (200, 201, 202), answer.text
    return answer.json()


def prepare(http: httpx.Client, participants: list[str]) -> dict:
    """A class of the bench's 500 participants, 100 daily lessons, every one of them marked."""
    group = ok(http.post("/api/groups", json={"name": "Register bench", "domain": "education"}))["id"]
    ok(http.post(f"/api/groups/{group}/members", json={"participant_ids": participants}))
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
    ok(
        http.post(
            "/api/sessions",
            json={
                "group_id": group,
                "title": "Register lesson",
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=1)).isoformat(),
                "repeat": {"freq": "daily", "count": SESSIONS},
            },
        )
    )
    sessions = ok(http.get("/api/sessions", params={"group_id": group, "limit": 1000}))["items"]
    assert len(sessions) == SESSIONS
    for n, session in enumerate(sessions):
        records = [{"participant_id": p, "state": STATES[(i + n) % len(STATES)]} for i, p in enumerate(participants)]
        ok(http.post("/api/presence/bulk", json={"session_id": session["id"], "records": records}))
    first = datetime.fromisoformat(sessions[0]["starts_at"]).date()
    last = datetime.fromisoformat(sessions[-1]["starts_at"]).date()
    return {"group_id": group, "from": str(first - timedelta(days=1)), "to": str(last + timedelta(days=1))}


class PeakRss:
    """Samples the processes' resident memory every 20 ms; the highest one process reached."""

    def __init__(self, processes: list[psutil.Process]):
        self.processes = processes
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for process in self.processes:
                with contextlib.suppress(psutil.NoSuchProcess):
                    self.peak = max(self.peak, process.memory_info().rss)
            time.sleep(0.02)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()


def build(http: httpx.Client, fmt: str, params: dict, prefix: str) -> tuple[float, float, bytes]:
    """Seconds from the request to the file downloaded, the worker's peak RSS (MB), the file."""
    with PeakRss(machine.worker_processes("reporting", prefix)) as rss:
        started = time.perf_counter()
        report = ok(http.post("/api/reports", json={"type": "attendance_register", "format": fmt, "params": params}))
        while report["status"] not in ("completed", "failed"):
            time.sleep(0.05)
            report = ok(http.get(f"/api/reports/{report['id']}", headers={"X-Omni-Background": "1"}))
        assert report["status"] == "completed", report
        content = http.get(f"/api/reports/{report['id']}/download").content
        elapsed = time.perf_counter() - started
    return elapsed, rss.peak / 2**20, content


def _bare_reportlab(rows: list[list[str]], out: multiprocessing.Queue) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    started = time.perf_counter()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4))
    height = landscape(A4)[1]
    per_page, cols = 40, 30  # a grid of text, nothing else: no font embedding, colours or layout
    for top in range(0, len(rows), per_page):
        for left in range(2, len(rows[0]), cols):
            canvas.setFont("Helvetica", 6)
            for r, row in enumerate(rows[top : top + per_page]):
                y = height - 30 - r * 13
                canvas.drawString(20, y, row[0][:24])
                for c, cell in enumerate(row[left : left + cols]):
                    canvas.drawString(110 + c * 24, y, cell[:6])
            canvas.showPage()
    canvas.save()
    out.put((time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def _bare_openpyxl(rows: list[list[str]], out: multiprocessing.Queue) -> None:
    from openpyxl import Workbook

    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    for row in rows:
        sheet.append(row)
    book.save(io.BytesIO())
    out.put((time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def floor(target, rows: list[list[str]]) -> tuple[float, float]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(rows, queue))
    process.start()
    result = queue.get(timeout=300)
    process.join()
    return result


def run(config, world) -> dict:
    """The register's figures; returns the register's group and period (the statistics use them)."""
    print(
        f"\nThe attendance register, 500 participants x {SESSIONS} sessions (50,000 records), request to downloaded"
        "\n(SPEC 6.1: <= 5 s each, the report worker <= 300 MB)"
    )
    print(f"  {'measure':<62}{'seconds':>8}{'RSS MB':>8}{'size KB':>9}")
    with httpx.Client(base_url=config.url("gateway"), timeout=120) as http:
        http.headers["Authorization"] = f"Bearer {world.admin}"
        params = prepare(http, world.participants)
        csv_seconds, csv_rss, csv_file = build(http, "csv", params, config.db_prefix)
        rows = list(csv.reader(io.StringIO(csv_file.decode("utf-8-sig"))))
        cells = sum(len(r) - 2 for r in rows[1:])
        for fmt, bare, name in (("pdf", _bare_reportlab, "reportlab"), ("xlsx", _bare_openpyxl, "openpyxl")):
            seconds, rss, content = build(http, fmt, params, config.db_prefix)
            label = f"{fmt.upper()}, through the gateway and the worker"
            print(f"  {label:<62}{seconds:>8.2f}{rss:>8.0f}{len(content) / 1024:>9.0f}   <= 5 s, <= 300 MB")
            bare_seconds, bare_rss = floor(bare, rows)
            label = f"  floor: a bare {name} render of the same {cells:,} cells"
            print(f"  {label:<62}{bare_seconds:>8.2f}{bare_rss:>8.0f}")
        label = "CSV, through the gateway and the worker"
        print(f"  {label:<62}{csv_seconds:>8.2f}{csv_rss:>8.0f}{len(csv_file) / 1024:>9.0f}")
    return params
