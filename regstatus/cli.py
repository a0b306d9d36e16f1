"""flask commands: seed check, seed load, seed report (and `reports`, in cli_reports.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError

from regstatus import cli_upkeep
from regstatus.extensions import db
from regstatus.services.provenance import provenance
from regstatus.services.seed_files import read_seed
from regstatus.services.seed_load import load_seed
from regstatus.services.seed_report import (
    README_START,
    as_text,
    build_report,
    contact_figures,
    readme_block,
    replace_readme_block,
)

seed = AppGroup("seed", help="Check, load, report on and compare the seed data files.")
_dir_option = click.option(
    "--dir", "seed_dir", type=click.Path(file_okay=False, path_type=Path), help="Seed folder (default: SEED_DIR)."
)


def _progress(step: str) -> None:
    """A timed progress line on stderr when a person watches a terminal; nothing in CI logs or pipes."""
    if sys.stderr.isatty() and not os.environ.get("CI"):
        click.echo(f"{time.strftime('%H:%M:%S')} {step}", err=True)


def _folder(seed_dir: Path | None) -> Path:
    return seed_dir or Path(current_app.config["SEED_DIR"])


def _read_or_exit(folder: Path):
    data = read_seed(folder)
    if data.problems:
        for problem in data.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(data.problems)} problem(s) in {folder}; nothing loaded.", err=True)
        sys.exit(1)
    return data


@seed.command("check")
@_dir_option
def check(seed_dir: Path | None) -> None:
    """Validate every seed file; print each problem as file:line: record: field: message."""
    folder = _folder(seed_dir)
    data = _read_or_exit(folder)
    click.echo(
        f"{folder}: {len(data.sources)} sources, {len(data.jurisdictions)} jurisdiction records, "
        f"{len(data.rules)} rule records, {len(data.corrections)} corrections, {len(data.advisories)} advisories, "
        f"{len(data.measures)} pending measures, {len(data.contacts)} contacts: ok"
    )


@seed.command("load")
@_dir_option
def load(seed_dir: Path | None) -> None:
    """Validate, then write the seed files in one transaction; unchanged rows are left alone."""
    folder = _folder(seed_dir)
    _progress(f"reading and checking {folder}")
    data = _read_or_exit(folder)
    _progress("reading the commit behind each record")
    prov = provenance(folder, data)
    try:
        _progress("writing to the database (waits for any other load to finish)")
        result = load_seed(db.session, data, prov)
        _progress("committing")
        db.session.commit()
        _progress("published")
    except OperationalError as exc:
        # A read-only or unreachable database: say so in one line; nothing was written.
        db.session.rollback()
        click.echo(f"cannot load into the database: {exc.orig}; nothing loaded.", err=True)
        sys.exit(1)
    except Exception:
        db.session.rollback()
        raise
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if prov.note:
        click.echo(f"note: {prov.note}", err=True)
    counts = ", ".join(f"{k}={v}" for k, v in sorted(result.counts.items())) or "nothing to do"
    click.echo(f"loaded {folder}: {counts}")


@seed.command("report")
@_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Count what stands on this day.")
@click.option(
    "--write-readme",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Replace the figures block of this README with the report.",
)
def report(seed_dir: Path | None, as_json: bool, as_of, write_readme: Path | None) -> None:
    """Coverage and quality figures of the seed data."""
    on = as_of.date() if as_of else dt.date.today()
    data = _read_or_exit(_folder(seed_dir))
    figures = build_report(data, on)
    if write_readme:
        text = write_readme.read_text(encoding="utf-8")
        if README_START not in text:
            click.echo(f"{write_readme}: no {README_START} marker to replace", err=True)
            sys.exit(1)
        write_readme.write_text(replace_readme_block(text, readme_block(figures, on)), encoding="utf-8")
        click.echo(f"{write_readme}: figures of {on.isoformat()} written")
        return
    figures |= contact_figures(data)
    click.echo(json.dumps(figures, indent=2) if as_json else as_text(figures))


def init_app(app: Flask) -> None:
    """Register the command groups."""
    from regstatus.cli_reports import reports

    app.cli.add_command(seed)
    app.cli.add_command(reports)
    cli_upkeep.init_app(app, seed)
