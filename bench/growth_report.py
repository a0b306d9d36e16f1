"""`make bench-growth`: the same measurements on the real dataset and on one `--scale` times larger.

For each size: seed load time and the loader's peak memory, lookup throughput (wrk, interleaved
rounds, medians), search latency p99 at low concurrency, the full CSV export's time and size, and
the largest worker's resident memory before and after the export (flat memory means streaming), and a
soak (`--soak` seconds at `--soak-rate` requests/s over every place and the exports, default 10 minutes):
the largest worker's resident memory after the warm-up pass and at the end. `--scale 1` measures 1x only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import growth
import soak
import wrk
from servers import BIN, ROOT, Gunicorn, wait_ready, worker_rss_mb

from bench import database_url, facts

PORT = 8797
LOOKUP = "/api/v1/jurisdictions/US-TX"
SEARCH = "/api/v1/jurisdictions?q=texs"
EXPORT = "/api/v1/export.csv"


def load_seed(env: dict[str, str]) -> tuple[float, float]:
    """Migrate, then time `flask seed load`; (seconds, peak MB of the loader)."""
    full = {**os.environ, **env, "FLASK_APP": "wsgi"}
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=full, check=True, capture_output=True)
    start = time.perf_counter()
    subprocess.run([str(BIN / "flask"), "seed", "load"], cwd=ROOT, env=full, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def one_size(scale: int, engine: str, args, workdir: Path) -> dict:
    """Every figure for one dataset size."""
    workdir.mkdir(parents=True, exist_ok=True)
    seed = ROOT / "seed" if scale == 1 else workdir / "seed"
    counts = growth.build(scale, seed) if scale != 1 else None
    env = {"DATABASE_URL": database_url(engine, workdir), "SEED_DIR": str(seed), "RATE_LIMIT": "off"}
    load_s, load_mb = load_seed(env)
    app = Gunicorn("wsgi:app", PORT, env, workdir)
    base = f"http://127.0.0.1:{PORT}"
    try:
        wait_ready(base + "/readyz")
        lookups = [wrk.run(base + LOOKUP, args.duration, 50) for _ in range(args.rounds)]
        searches = [wrk.run(base + SEARCH, args.duration, 4) for _ in range(args.rounds)]
        rss_before = worker_rss_mb(app.proc.pid)
        start = time.perf_counter()
        size = 0
        with urllib.request.urlopen(base + EXPORT, timeout=600) as r:
            while chunk := r.read(1 << 16):
                size += len(chunk)
        export_s = time.perf_counter() - start
        rss_after = worker_rss_mb(app.proc.pid)
        soaked = soak.run(base, app.proc.pid, args.soak, args.soak_rate) if args.soak > 0 else {}
    finally:
        app.stop()
    return {
        "scale": scale,
        "rules": counts["rules"] if counts else growth.count_records(seed / "rules"),
        "load_s": load_s,
        "load_mb": load_mb,
        "lookup_rps": statistics.median(r.rps for r in lookups),
        "lookup_p99": statistics.median(r.p99 for r in lookups),
        "search_p99": statistics.median(r.p99 for r in searches),
        "export_s": export_s,
        "export_mb": size / 1e6,
        "rss_before": rss_before,
        "rss_after": rss_after,
        **soaked,
    }


def main() -> None:
    """Measure 1x and `--scale`x, write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--engine", default="sqlite")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", default="4s")
    parser.add_argument("--soak", type=float, default=600, help="soak seconds per size (0: no soak)")
    parser.add_argument("--soak-rate", type=float, default=50, help="soak requests per second")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    rows = []
    sizes = (1,) if args.scale == 1 else (1, args.scale)
    with tempfile.TemporaryDirectory(prefix="regstatus-growth-") as tmp:
        for scale in sizes:
            print(f"== {scale}x", file=sys.stderr, flush=True)
            rows.append(one_size(scale, args.engine, args, Path(tmp) / f"x{scale}"))
    one, big = rows[0], rows[-1]
    soak_head = f"- soak: {args.soak:g} s at {args.soak_rate:g} req/s per size, after one warm-up pass"
    soak_head = soak_head if args.soak else ""
    lines = ["# make bench-growth", "", *facts(), f"- engine: {args.engine}; 2 sync gunicorn workers", soak_head, ""]
    lines += [
        "| figure | 1x | " + f"{args.scale}x | change |",
        "| --- | --- | --- | --- |",
    ]
    figures = [
        ("rule records", "rules", "{:.0f}"),
        ("seed load, s", "load_s", "{:.1f}"),
        ("seed loader peak memory, MB", "load_mb", "{:.0f}"),
        (f"lookup `{LOOKUP}`, req/s (50 connections)", "lookup_rps", "{:.0f}"),
        ("lookup p99, ms", "lookup_p99", "{:.1f}"),
        (f"search `{SEARCH}` p99, ms (4 connections)", "search_p99", "{:.1f}"),
        (f"full export `{EXPORT}`, s", "export_s", "{:.2f}"),
        ("export size, MB", "export_mb", "{:.1f}"),
        ("largest worker RSS before export, MB", "rss_before", "{:.0f}"),
        ("largest worker RSS after export, MB", "rss_after", "{:.0f}"),
    ]
    if args.soak:
        figures += [
            ("soak requests", "soak_requests", "{:.0f}"),
            ("soak errors", "soak_errors", "{:.0f}"),
            ("largest worker RSS at soak start (after warm-up), MB", "rss_soak_start", "{:.0f}"),
            ("largest worker RSS at soak end, MB", "rss_soak_end", "{:.0f}"),
            ("RSS growth during the soak (goal <= 5%)", "rss_growth", "{:.1%}"),
        ]
    for label, key, fmt in figures:
        change = big[key] / one[key] if one[key] else float("nan")
        lines.append(f"| {label} | {fmt.format(one[key])} | {fmt.format(big[key])} | {change:.2f}x |")
    text = "\n".join(lines) + "\n"
    out = Path(args.out or ROOT / "bench" / "results" / f"{dt.date.today().isoformat()}-growth.md")
    out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
