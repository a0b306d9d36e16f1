"""flask commands for upkeep: queue, sources check, seed diff and seed provenance (logic in services/upkeep)."""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.exc import OperationalError

from regstatus.config import STALE_AFTER_DAYS
from regstatus.extensions import db
from regstatus.services import provenance as prov
from regstatus.services.seed_files import read_seed
from regstatus.services.upkeep import queue as work
from regstatus.services.upkeep import seed_diff as sd
from regstatus.services.upkeep import source_checks as checks

sources = AppGroup("sources", help="Watch the sources' addresses (maintainer data; never served).")
_today = click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="The day to work out the queue for (default: today UTC)."
)
_format = click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text")


def _day(value) -> dt.date:
    return value.date() if value else dt.datetime.now(dt.UTC).date()


@click.command("queue")
@with_appcontext
@_today
@_format
@click.option(
    "--stale-after",
    type=click.IntRange(min=0),
    default=STALE_AFTER_DAYS,
    show_default=True,
    help="Days after which a verification is stale.",
)
@click.option(
    "--soon",
    type=click.IntRange(min=0),
    default=work.SOON_DAYS,
    show_default=True,
    help="Days ahead to list rules expiring, ending or starting.",
)
@click.option(
    "--measure-days",
    type=click.IntRange(min=0),
    default=work.MEASURE_OLD_DAYS,
    show_default=True,
    help="Days after which an open measure's last stage is old.",
)
def queue(today, fmt: str, stale_after: int, soon: int, measure_days: int) -> None:
    """The maintainers' work queue: rows and sources to re-check, most urgent first, each with what to do."""
    on = _day(today)
    items = work.build_queue(db.session, on, stale_after, soon, measure_days)
    if fmt == "json":
        click.echo(json.dumps(work.as_json(items, on), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(work.as_markdown(items, on))
    else:
        click.echo(work.as_text(items, on))


@sources.command("check")
@click.option("--only", multiple=True, metavar="ID", help="Check only this source id (repeatable).")
@click.option("--limit", type=click.IntRange(min=1), help="Check at most this many, least recently checked first.")
@click.option(
    "--concurrency",
    type=click.IntRange(min=1, max=16),
    default=4,
    show_default=True,
    help="Hosts fetched at once (one request at a time per host).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=checks.TIMEOUT_S,
    show_default=True,
    help="Seconds to wait for each address.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to one host.",
)
def check_sources(only: tuple[str, ...], limit: int | None, concurrency: int, timeout: float, delay: float) -> None:
    """Fetch each source's address; record status (ok, moved, dead, unknown), HTTP code, final URL and hash."""
    picked = checks.pick(db.session, only, limit)
    unknown_ids = sorted(set(only) - {s.key for s in picked})
    if unknown_ids:
        click.echo(f"no source with id {', '.join(unknown_ids)} (load the seed first?)", err=True)
        sys.exit(1)
    targets = [(s.key, s.url) for s in picked]
    if not targets:
        click.echo("no sources to check (load the seed first)")
        return
    db.session.rollback()  # no transaction stays open while the network is slow
    results = checks.fetch_all(targets, lambda url: checks.fetch(url, timeout), concurrency, delay)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    try:
        written = checks.record(db.session, checks.pick(db.session, [k for k, _ in targets]), results, now)
        db.session.commit()
    except OperationalError as exc:
        db.session.rollback()
        click.echo(f"cannot write the checks: {exc.orig}; nothing recorded.", err=True)
        sys.exit(1)
    counts: dict[str, int] = {}
    for row in sorted(written, key=lambda r: r.source.key):
        counts[row.status] = counts.get(row.status, 0) + 1
        if row.status != "ok":
            click.echo(
                f"{row.source.key}: {row.status} ({row.error or row.http_code}) {row.final_url or row.source.url}"
            )
    summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "nothing checked"
    click.echo(f"checked {len(written)} source(s): {summary}")


@click.command("diff")
@with_appcontext
@click.argument("revisions", metavar="BASE..HEAD")
@click.option(
    "--dir", "seed_dir", type=click.Path(file_okay=False, path_type=Path), help="Seed folder (default: SEED_DIR)."
)
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Legal date of the answers (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text")
@click.option("--fail-on-second-coder", is_flag=True, help="Exit 2 when a change needs a second coder.")
def diff(revisions: str, seed_dir: Path | None, as_of, fmt: str, fail_on_second_coder: bool) -> None:
    """What a change to seed/ changes, in plain words: answers, rows, sources (HEAD empty: the working folder)."""
    base, sep, head = revisions.partition("..")
    if not sep or not base:
        click.echo(f"give a range BASE..HEAD (or BASE.. for the working folder), not {revisions!r}", err=True)
        sys.exit(1)
    folder = seed_dir or Path(current_app.config["SEED_DIR"])
    with tempfile.TemporaryDirectory(prefix="regstatus-seed-diff-") as tmp:
        try:
            found = sd.seed_diff(folder, base, head or None, _day(as_of), Path(tmp))
        except sd.DiffError as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(sd.as_json(found), indent=2, ensure_ascii=False))
    else:
        click.echo(sd.as_text(found, markdown=fmt == "markdown"), nl=False)
    if fail_on_second_coder and found.second_coder:
        sys.exit(2)


@click.command("provenance")
@with_appcontext
@click.option(
    "--dir", "seed_dir", type=click.Path(file_okay=False, path_type=Path), help="Seed folder (default: SEED_DIR)."
)
@click.option(
    "--write", is_flag=True, help=f"Write {prov.PROVENANCE_FILE} into the seed folder (for builds without .git)."
)
def provenance_command(seed_dir: Path | None, write: bool) -> None:
    """The commit that introduced each seed record, read from git (needs a full checkout)."""
    folder = seed_dir or Path(current_app.config["SEED_DIR"])
    data = read_seed(folder)
    if data.problems:
        click.echo(f"{len(data.problems)} problem(s) in {folder}; run flask seed check.", err=True)
        sys.exit(1)
    found = prov.from_git(folder, data)
    if found is None or found.origin != "git":
        click.echo(
            f"cannot read commits: {found.note if found else 'the seed folder is not in a git checkout'}", err=True
        )
        sys.exit(1)
    missing = len(data.spans) - len(found.commits)
    if write:
        (folder / prov.PROVENANCE_FILE).write_text(prov.as_file(found), encoding="utf-8")
        click.echo(f"{folder / prov.PROVENANCE_FILE}: {len(found.commits)} record(s)")
    else:
        click.echo(prov.as_file(found), nl=False)
    if missing:
        click.echo(f"note: {missing} record(s) not committed yet carry no commit", err=True)


def init_app(app, seed_group: AppGroup) -> None:
    """Register the upkeep commands (diff and provenance join the seed group)."""
    app.cli.add_command(queue)
    app.cli.add_command(sources)
    seed_group.add_command(diff)
    seed_group.add_command(provenance_command)
