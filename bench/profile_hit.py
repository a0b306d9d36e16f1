"""Profile of answers served from a worker's memory: a cached lookup, a 304, and the full CSV export.

Runs the real app in-process (WSGI, no network) on a loaded database, warms each path once, then
records `--requests` more of each with pyinstrument and prints the heaviest frames:

    DATABASE_URL=sqlite:///tmp/x.db .venv/bin/python bench/profile_hit.py --out bench/results/x.md
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from pyinstrument import Profiler

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from regstatus import create_app

PATHS = {
    "lookup (cache hit)": ("/api/v1/jurisdictions/US-TX", {}),
    "304 revalidation": ("/api/v1/jurisdictions/US-TX", "etag"),
    "CSV export (cache hit, gzip)": ("/api/v1/export.csv", {"Accept-Encoding": "gzip"}),
}


def profile(client, path: str, headers, requests: int) -> tuple[float, str]:
    """(requests per second in-process, pyinstrument's text of the heaviest frames)."""
    first = client.get(path, headers={"Accept-Encoding": "gzip"})
    if headers == "etag":
        headers = {"If-None-Match": first.headers["ETag"], "Accept-Encoding": "gzip"}
    client.get(path, headers=headers)
    profiler = Profiler(interval=0.0002)
    start = time.perf_counter()
    profiler.start()
    for _ in range(requests):
        response = client.get(path, headers=headers)
        response.get_data()  # the whole body, as a server would send it
        response.close()
    profiler.stop()
    rate = requests / (time.perf_counter() - start)
    text = profiler.output_text(unicode=False, color=False, show_all=False, short_mode=True)
    return rate, "\n".join(text.splitlines()[:60])


def main() -> None:
    """Profile each path and write the heaviest frames."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--export-requests", type=int, default=0, help="for the export (default --requests)")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    os.environ.setdefault("RATE_LIMIT", "off")
    app = create_app()
    client = app.test_client()
    lines = [f"# cache-hit profile (in-process, pyinstrument; {args.requests} requests per path)", ""]
    for name, (path, headers) in PATHS.items():
        n = args.export_requests if "export" in path and args.export_requests else args.requests
        rate, text = profile(client, path, headers, n)
        lines += [f"## {name} `{path}`: {rate:.0f} req/s in-process ({n} requests)", "", "```", text, "```", ""]
    out = "\n".join(lines)
    if args.out:
        Path(args.out).write_text(out)
    print(out)


if __name__ == "__main__":
    main()
