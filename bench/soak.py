"""A soak: a steady rate of requests over every place's lookup and page and the exports, RSS at start and end.

The paths cycle through the jurisdictions (API answer and place page; at most PLACES of them, evenly
spread, so a 100x dataset is warmed in minutes), the default exports and a few exports with parameters,
so each per-worker store fills, evicts and refills as in production. One full pass is the warm-up; the
workers' resident memory is read after it and again at the end.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.request

from servers import worker_rss_mb

PLACES = 1000
EXPORTS = [
    "/api/v1/export.csv",
    "/api/v1/export.json",
    "/api/v1/export.csv?history=1",
    "/api/v1/export.ndjson?substance=7-oh",
    "/api/v1/export.csv?level=country",
    "/api/v1/export.csv?as_of=2025-01-01",
]


def paths(base: str) -> list[str]:
    """Each place's API answer and page (PLACES at most, evenly spread), with an export every 50 requests."""
    codes: list[str] = []
    url = base + "/api/v1/jurisdictions?per_page=300"
    while url:
        with urllib.request.urlopen(url, timeout=60) as r:
            codes += [j["code"] for j in json.load(r)["data"]]
            link = r.headers.get("Link") or ""
        nxt = [p.split(";")[0].strip("<> ") for p in link.split(",") if 'rel="next"' in p]
        url = (nxt[0] if nxt[0].startswith("http") else base + nxt[0]) if nxt else ""
    step = max(1, len(codes) // PLACES)
    out: list[str] = []
    for i, code in enumerate(codes[::step][:PLACES]):
        out += [f"/api/v1/jurisdictions/{code}", f"/jurisdictions/{code}"]
        if i % 25 == 0:
            out.append(EXPORTS[(i // 25) % len(EXPORTS)])
    return out


def _get(url: str) -> int:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, br"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            while r.read(1 << 16):
                pass
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except (OSError, http.client.HTTPException):  # refused, reset, or cut short (a worker restarted)
        return 0


def run(base: str, master_pid: int, seconds: float, rate: float = 50.0, clients: int = 4) -> dict:
    """Warm up with one pass, then `rate` requests/s for `seconds`; RSS (largest worker) before and after."""
    todo = paths(base)
    for p in todo:  # warm-up: every answer computed once
        _get(base + p)
    rss_start = worker_rss_mb(master_pid)
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    interval = clients / rate
    stop_at = time.monotonic() + seconds
    counter = iter(range(10**9))

    def client() -> None:
        next_at = time.monotonic()
        while time.monotonic() < stop_at:
            with lock:
                i = next(counter)
            status = _get(base + todo[i % len(todo)])
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
            next_at += interval
            time.sleep(max(0.0, next_at - time.monotonic()))

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rss_end = worker_rss_mb(master_pid)
    total = sum(statuses.values())
    return {
        "soak_s": seconds,
        "soak_requests": total,
        "soak_errors": total - statuses.get(200, 0),
        "rss_soak_start": rss_start,
        "rss_soak_end": rss_end,
        "rss_growth": (rss_end - rss_start) / rss_start if rss_start else float("nan"),
    }
