"""(c) Roll-up reads: the national, province and district pages.

Pages (`ntm/web/matrix_views.py` and the roll-up API), for the report year:

- trend   `/national/trend/`, `/units/<id>/trend/` — the roll-ups of every year;
- rollup  `/api/rollups/<set>/<year>[?parent=<id>]` — one roll-up row as JSON;
- dashboard `/units/<id>/dashboard/?year=` — the office's home page: banding of the units below
  from the roll-ups, the map of every commune's count (read from its assessment), the trend, OCOP;
- matrix  `/national/matrix/<year>/`, `/units/<id>/matrix/<year>/` — the unit × criterion table
  (reads every assessment below the parent, not only the roll-up).

The province is the one with most communes in the year and the district the largest in it (the
worst cases). Server time: Django's test client in this process (middleware, view, template; no
network), after two warm-up requests. Throughput: gunicorn (the project's `ntm serve` command
line, same worker count) in a separate process on 127.0.0.1, loaded by `wrk` with 32 connections
for a bounded time, or by a threaded Python client when `wrk` is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.client import HTTPConnection

from .common import ROOT, Scale, summary_ms

CONNECTIONS = 32
HEAVY_REQUESTS = {"national": 3, "province": 20}  # the matrix reads every assessment below its parent


def pages(scale: Scale) -> list[tuple[str, str, str]]:
    """(page, level, url) for the report year."""
    from django.db.models import Count

    from ntm.indicators.rollups import units_counted
    from ntm.units.models import AdminUnit

    set_code, year = next((s, y) for s, y in scale.years if y == scale.report_year)
    communes = units_counted(None, set_code, year)
    tops = {}
    for path in communes.values_list("path", flat=True):
        parts = path.strip("/").split("/")
        tops.setdefault(parts[0], []).append(parts)
    province_id = max(tops, key=lambda k: len(tops[k]))
    districts = (
        AdminUnit.objects.filter(parent_id=int(province_id), children__in=communes)
        .annotate(n=Count("children"))
        .order_by("-n", "code")
    )
    district = districts.first()
    province = AdminUnit.objects.get(pk=int(province_id))
    out = [
        ("trend", "national", "/national/trend/"),
        ("trend", "province", f"/units/{province.pk}/trend/"),
    ]
    if district:
        out.append(("trend", "district", f"/units/{district.pk}/trend/"))
    out.append(("dashboard", "province", f"/units/{province.pk}/dashboard/?year={year}"))
    if district:
        out.append(("dashboard", "district", f"/units/{district.pk}/dashboard/?year={year}"))
    out += [
        ("rollup", "national", f"/api/rollups/{set_code}/{year}"),
        ("rollup", "province", f"/api/rollups/{set_code}/{year}?parent={province.pk}"),
    ]
    if district:
        out.append(("rollup", "district", f"/api/rollups/{set_code}/{year}?parent={district.pk}"))
    out += [
        ("matrix", "national", f"/national/matrix/{year}/"),
        ("matrix", "province", f"/units/{province.pk}/matrix/{year}/"),
    ]
    if district:
        out.append(("matrix", "district", f"/units/{district.pk}/matrix/{year}/"))
    return out


def _rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _names(scale: Scale) -> dict:
    from ntm.units.models import AdminUnit

    names = {}
    for _page, level, url in pages(scale):
        match = re.search(r"/units/(\d+)/|parent=(\d+)", url)
        if match:
            pk = int(match.group(1) or match.group(2))
            unit = AdminUnit.objects.get(pk=pk)
            names[level] = f"{unit.name} (#{pk})"
    return names


def server_times(scale: Scale, requests: int | None = None) -> list[dict]:
    from django.test import Client

    from .setup import bench_user

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bench_user())
    rows = []
    ordered = sorted(pages(scale), key=lambda p: p[:2] == ("matrix", "national"))  # the heaviest last
    for page, level, url in ordered:
        n = requests or scale.read_requests
        if page == "matrix" and level in HEAVY_REQUESTS:
            n = min(n, HEAVY_REQUESTS[level])
        if page == "matrix" and level == "national":
            rows.append({"page": "_rss_before_national_matrix_mb", "value": _rss_mb()})
        for _ in range(1 if n < 10 else 2):  # warm-up
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        times, cpu = [], []
        for _ in range(n):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        rows.append(
            {
                "page": page,
                "level": level,
                "url": url,
                "status": response.status_code,
                "bytes": len(response.content),
                **summary_ms(times),
                "cpu": summary_ms(cpu),  # this process's CPU (SQLite's work included, PostgreSQL's not)
            }
        )
    return rows


# ------------------------------------------------------------------------------ throughput


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session_cookie() -> str:
    from django.conf import settings
    from django.test import Client

    from .setup import bench_user

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bench_user())
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class Server:
    """gunicorn as `ntm serve` starts it, on a free loopback port, for the current DATABASE_URL."""

    def __init__(self, workers: int):
        self.workers = workers
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "ntm.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/login/", timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer within 90 s")

    def rss_mb(self) -> dict:
        import psutil

        try:
            master = psutil.Process(self.process.pid)
            procs = [master, *master.children(recursive=True)]
            rss = [p.memory_info().rss for p in procs]
            return {"total_mb": round(sum(rss) / 2**20, 1), "max_process_mb": round(max(rss) / 2**20, 1)}
        except psutil.Error:
            return {}

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return round(float(number) * _UNITS[unit], 2)


def _wrk(url: str, cookie: str, seconds: int) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "--latency",
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    result: dict = {"client": "wrk -t2 -c32"}
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    result["req_per_s"] = float(rate.group(1)) if rate else None
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    result["requests"] = int(total.group(1)) if total else None
    for q in ("50", "90", "99"):
        match = re.search(rf"^\s+{q}%\s+(\S+)", output, re.M)
        result[f"p{q}_ms"] = _ms(match.group(1)) if match else None
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["errors"] = int(errors.group(1)) if errors else 0
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        result["socket_errors"] = socket_errors.group(1)
    return result


def _python_client(url: str, cookie: str, seconds: int) -> dict:
    """32 threads, one keep-alive connection each, for a bounded time."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker():
        connection = HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine, bad = [], 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    bad += 1
                mine.append(time.perf_counter() - started)
            except OSError:
                bad += 1
                connection.close()
                connection = HTTPConnection(parts.hostname, parts.port, timeout=30)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    stats = summary_ms(latencies) if latencies else {}
    return {
        "client": "python threads ×32",
        "req_per_s": round(len(latencies) / elapsed, 1),
        "requests": len(latencies),
        "p50_ms": stats.get("p50_ms"),
        "p90_ms": None,
        "p99_ms": None,
        "errors": errors[0],
    }


def throughput(
    scale: Scale, workers: int | None = None, seconds: int | None = None, client: str = "auto"
) -> dict:
    workers = workers or int(os.environ.get("NTM_WORKERS", "3"))
    seconds = seconds or scale.load_seconds
    use_wrk = client == "wrk" or (client == "auto" and shutil.which("wrk"))
    cookie = _session_cookie()
    rows = []
    with Server(workers) as server:
        for page, level, url in pages(scale):
            if page == "matrix" and level != "district":
                continue  # the national and province tables are measured for server time only
            if page == "dashboard" and level != "province":
                continue  # the district's is the same page with fewer communes
            full = f"http://127.0.0.1:{server.port}{url}"
            urllib.request.urlopen(urllib.request.Request(full, headers={"Cookie": cookie})).read()
            result = _wrk(full, cookie, seconds) if use_wrk else _python_client(full, cookie, seconds)
            rows.append({"page": page, "level": level, "url": url, **result})
        memory = server.rss_mb()
    return {
        "workers": workers,
        "seconds": seconds,
        "connections": CONNECTIONS,
        "rows": rows,
        "server_rss": memory,
    }


def run(scale: Scale, load: bool = True) -> dict:
    rows = server_times(scale)
    marks = [r for r in rows if r["page"].startswith("_")]
    out = {
        "units": _names(scale),
        "server": [r for r in rows if not r["page"].startswith("_")],
        "rss_before_national_matrix_mb": marks[0]["value"] if marks else None,
    }
    if load:
        out["load"] = throughput(scale)
    return out
