"""`make bench`: regstatus against the framework's and the machine's ceilings, in one run.

For each target the same bytes are served three ways, measured interleaved (A B C A B C …,
`--rounds` times, medians kept): regstatus under gunicorn; a bare Flask app under the same
gunicorn settings returning that many bytes from memory (the framework's ceiling); nginx
serving them as a static file (the machine's ceiling). Then the multi-server setup of
deploy/nginx-regstatus.conf (two app servers sharing the database and Redis behind nginx's
cache) against the static-file ceiling. The table goes to stdout and `bench/results/`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wrk
from servers import BIN, ROOT, Gunicorn, Nginx, proxy_block, static_block, wait_ready, worker_rss_mb

# name, path, goal (ratio to the bare-Flask ceiling), extra headers
TARGETS = [
    ("lookup", "/api/v1/jurisdictions/US-TX", 0.9),
    ("answer with caveats", "/api/v1/jurisdictions/US-OH", None),
    ("listing: all countries", "/api/v1/jurisdictions?level=country&per_page=300", 0.3),
    ("route check", "/api/v1/travel?from=US-TX&to=TH&via=JP", None),
    ("locate", "/api/v1/locate?lat=34.2576&lon=-88.7034", 0.3),
    ("CSV export", "/api/v1/export.csv", None),
    ("home page (map)", "/", None),
    ("place page", "/jurisdictions/US-TX", 0.5),
    ("304 revalidation", "/api/v1/jurisdictions/US-TX", 1.0),
]
REVALIDATION = "304 revalidation"
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "regstatus_bench"
PORTS = {"app": 8791, "flask": 8792, "static": 8793, "proxy": 8796, "proxied": [8794, 8795]}


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    """GET once: status, body, headers."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def database_url(engine: str, workdir: Path) -> str:
    """A fresh, empty database for this run."""
    if engine == "sqlite":
        return f"sqlite:///{workdir}/bench.db"
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)"))
        c.execute(sa.text(f"CREATE DATABASE {PG_BENCH_DB}"))
    admin.dispose()
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_BENCH_DB}"


def load(env: dict[str, str]) -> None:
    """Migrate and load the seed into the run's database."""
    full = {**os.environ, **env, "FLASK_APP": "wsgi"}
    for args in (["db", "upgrade"], ["seed", "load"]):
        subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=full, check=True, capture_output=True)


def median_result(results: list[wrk.Result]) -> wrk.Result:
    """Medians of each figure; errors summed."""
    return wrk.Result(
        statistics.median(r.rps for r in results),
        statistics.median(r.p50 for r in results),
        statistics.median(r.p99 for r in results),
        sum(r.errors for r in results),
    )


def measure(engine: str, args, workdir: Path) -> list[dict]:
    """Every target against both ceilings on one engine."""
    workdir.mkdir(mode=0o755, parents=True, exist_ok=True)
    env = {"DATABASE_URL": database_url(engine, workdir), "RATE_LIMIT": "off", "REGSTATUS_ENV": "development"}
    load(env)
    app = Gunicorn("wsgi:app", PORTS["app"], env, workdir)
    flask = Gunicorn("ceiling_app:app", PORTS["flask"], {}, workdir, chdir=ROOT / "bench")
    static_root = workdir / "static"
    static_root.mkdir(exist_ok=True)
    nginx = Nginx(workdir / "static-nginx", static_block(PORTS["static"], static_root))
    rows = []
    try:
        base = f"http://127.0.0.1:{PORTS['app']}"
        for url in (f"{base}/readyz", f"http://127.0.0.1:{PORTS['flask']}/bytes/1"):
            wait_ready(url)
        for name, path, goal in TARGETS:
            if args.only and name not in args.only.split(","):
                continue
            status, body, headers = fetch(base + path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}: {body[:200]!r}")
            (static_root / f"{len(body)}.json").write_bytes(body)
            rows.append({"name": name, "path": path, "goal": goal, "bytes": len(body), "etag": headers.get("ETag")})
        wait_ready(f"http://127.0.0.1:{PORTS['static']}/{rows[0]['bytes']}.json")
        for row in rows:
            app_h = flask_h = static_h = None
            flask_path, static_path = f"/bytes/{row['bytes']}", f"/{row['bytes']}.json"
            if row["name"] == REVALIDATION:
                if not row["etag"]:
                    raise RuntimeError(f"{row['path']} sent no ETag")
                app_h = {"If-None-Match": row["etag"]}
                flask_path = "/not-modified"
                _, _, sh = fetch(f"http://127.0.0.1:{PORTS['static']}{static_path}")
                static_h = {"If-None-Match": sh["ETag"]}
                assert fetch(base + row["path"], app_h)[0] == 304, "regstatus did not answer 304"
            runs = {"app": [], "flask": [], "static": []}
            for _ in range(args.rounds):
                runs["app"].append(wrk.run(base + row["path"], args.duration, args.connections, app_h))
                runs["flask"].append(
                    wrk.run(f"http://127.0.0.1:{PORTS['flask']}{flask_path}", args.duration, args.connections, flask_h)
                )
                runs["static"].append(
                    wrk.run(
                        f"http://127.0.0.1:{PORTS['static']}{static_path}", args.duration, args.connections, static_h
                    )
                )
            row.update({k: median_result(v) for k, v in runs.items()})
            row["rss_mb"] = worker_rss_mb(app.proc.pid)
            print(f"  {engine} {row['name']}: {row['app'].rps:.0f} req/s", file=sys.stderr, flush=True)
    finally:
        for server in (app, flask, nginx):
            server.stop()
    return rows


def measure_proxy(engine: str, args, workdir: Path) -> dict:
    """deploy/nginx-regstatus.conf: two app servers, one database and Redis, nginx's cache in front."""
    workdir.mkdir(mode=0o755, parents=True, exist_ok=True)
    env = {
        "DATABASE_URL": database_url(engine, workdir),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        # Limits stay on so the shared Redis counters are part of what is measured.
        "RATE_LIMIT": "1000000/minute",
        "TRUSTED_PROXIES": "1",
        "REGSTATUS_ENV": "development",
    }
    load(env)
    apps = [Gunicorn("wsgi:app", p, env, workdir) for p in PORTS["proxied"]]
    cache = workdir / "proxy-cache"
    static_root = workdir / "proxy-static"
    static_root.mkdir(exist_ok=True)
    block = proxy_block(PORTS["proxy"], PORTS["proxied"], cache) + static_block(PORTS["static"], static_root)
    nginx = Nginx(workdir / "proxy-nginx", block)
    path = TARGETS[0][1]
    try:
        for p in PORTS["proxied"]:
            wait_ready(f"http://127.0.0.1:{p}/readyz")
        url = f"http://127.0.0.1:{PORTS['proxy']}{path}"
        wait_ready(url)
        _, body, headers = fetch(url)
        _, _, headers = fetch(url)
        (static_root / "lookup.json").write_bytes(body)
        static_url = f"http://127.0.0.1:{PORTS['static']}/lookup.json"
        proxied, static = [], []
        for _ in range(args.rounds):
            proxied.append(wrk.run(url, args.duration, args.connections))
            static.append(wrk.run(static_url, args.duration, args.connections))
        return {
            "path": path,
            "bytes": len(body),
            "cache_status": headers.get("X-Cache-Status", "absent"),
            "proxied": median_result(proxied),
            "static": median_result(static),
        }
    finally:
        nginx.stop()
        for a in apps:
            a.stop()


def facts() -> list[str]:
    """Date, commit, versions and machine, for the report's head."""

    def out(cmd: list[str]) -> str:
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        return (r.stdout or r.stderr).strip().splitlines()[0] if (r.stdout or r.stderr) else "?"

    mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), platform.machine())
    dirty = " (with uncommitted changes)" if out(["git", "status", "--porcelain"]) not in ("", "?") else ""
    return [
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- commit: {out(['git', 'rev-parse', '--short', 'HEAD'])}{dirty}",
        f"- machine: {os.cpu_count()} cores ({cpu}), {int(mem.split()[1]) // 1024} MiB",
        f"- Python {platform.python_version()}; {out([str(BIN / 'gunicorn'), '--version'])}; "
        f"{out(['nginx', '-v'])}; {out(['wrk', '--version'])}",
    ]


def report(results: dict[str, list[dict]], proxy: dict | None, args) -> str:
    """The markdown table of a run."""
    lines = ["# make bench", "", *facts()]
    lines.append(
        f"- wrk: 2 threads, {args.connections} connections, {args.duration} per measurement, "
        f"{args.rounds} interleaved rounds, medians; every server 2 sync gunicorn workers (nginx: 2 workers)"
    )
    for engine, rows in results.items():
        lines += [
            "",
            f"## {engine}",
            "",
            "| target | bytes | req/s | p50 ms | p99 ms | errors | bare Flask req/s | p99 ms | ratio | nginx static"
            " req/s | ratio | goal | met | worker RSS MB |",
            "|" + " --- |" * 14,
        ]
        for r in rows:
            a, f, s = r["app"], r["flask"], r["static"]
            ratio = a.rps / f.rps
            goal = r["goal"]
            met = "-" if goal is None else ("yes" if ratio >= goal and a.errors == 0 else "no")
            if r["name"] == "lookup" and goal is not None:
                met = "yes" if ratio >= goal and a.p99 <= 1.2 * f.p99 and a.errors == 0 else "no"
            lines.append(
                f"| {r['name']} `{r['path']}` | {r['bytes']} | {a.rps:.0f} | {a.p50:.1f} | {a.p99:.1f} | {a.errors} "
                f"| {f.rps:.0f} | {f.p99:.1f} | {ratio:.2f} | {s.rps:.0f} | {a.rps / s.rps:.2f} "
                f"| {'-' if goal is None else f'≥ {goal}'} | {met} | {r['rss_mb']:.0f} |"
            )
    if proxy:
        p, s = proxy["proxied"], proxy["static"]
        lines += [
            "",
            "## Behind nginx's cache (deploy/nginx-regstatus.conf, two app servers, shared database and Redis)",
            "",
            "| path | bytes | cache | req/s | p99 ms | errors | nginx static req/s | ratio | goal | met |",
            "|" + " --- |" * 10,
            f"| `{proxy['path']}` | {proxy['bytes']} | {proxy['cache_status']} | {p.rps:.0f} | {p.p99:.1f} "
            f"| {p.errors} | {s.rps:.0f} | {p.rps / s.rps:.2f} | ≥ 0.5 | {'yes' if p.rps / s.rps >= 0.5 else 'no'} |",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Parse arguments, run every engine, write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", default="4s")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--proxy-engine", default="postgres", help="engine for the nginx-cache run; 'none' skips it")
    parser.add_argument("--only", default="", help="comma-separated target names to measure (default: all)")
    parser.add_argument("--out", default="", help="file for the table (default bench/results/DATE-bench.md)")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="regstatus-bench-") as tmp:
        os.chmod(tmp, 0o755)  # nginx's workers run as another user and must read the static files
        for engine in args.engines.split(","):
            print(f"== {engine}", file=sys.stderr, flush=True)
            results[engine] = measure(engine, args, Path(tmp) / engine)
        proxy = None
        if args.proxy_engine != "none":
            print("== behind nginx's cache", file=sys.stderr, flush=True)
            proxy = measure_proxy(args.proxy_engine, args, Path(tmp) / "proxy")
    text = report(results, proxy, args)
    out = Path(args.out or ROOT / "bench" / "results" / f"{dt.date.today().isoformat()}-bench.md")
    out.write_text(text)
    print(text)
    print(f"written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}", file=sys.stderr)


if __name__ == "__main__":
    main()
