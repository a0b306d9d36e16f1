"""What a SQLite database file needs around it to be read, checked before the app starts.

A database in WAL mode is read through a shared-memory index, the `-shm` file beside it. In a
folder this process cannot write, SQLite cannot create that file, and every read fails (each
request would answer 503). Nothing the app could do makes such a file readable safely: `immutable`
would read past anything still in the `-wal` file. So the app refuses to start and names the
recipe for a read-only copy (README "A read-only SQLite database": rollback-journal mode, `mode=ro`).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs

from sqlalchemy.engine import make_url

HEADER = b"SQLite format 3\x00"
# Byte 18 of the header, the file format read version: 2 means WAL (https://www.sqlite.org/fileformat2.html).
WAL_READ_VERSION = 2
RECIPE = (
    "publish it in rollback-journal mode (sqlite3 FILE 'PRAGMA journal_mode=DELETE') and serve it with "
    "DATABASE_URL='sqlite:///file:FILE?mode=ro&uri=true' (README: \"A read-only SQLite database\")"
)


def database_path(url: str, instance_path: str) -> tuple[Path, dict[str, list[str]]] | None:
    """The file a SQLite URL opens and its URI options; None for a database in memory."""
    database = make_url(url).database or ""
    options: dict[str, list[str]] = {}
    if database.startswith("file:"):  # sqlite:///file:path?mode=ro&uri=true
        database, _, query = database[len("file:") :].partition("?")
        options = parse_qs(query)
    if database in ("", ":memory:") or options.get("mode") == ["memory"]:
        return None
    path = Path(database)
    return (path if path.is_absolute() else Path(instance_path, path)), options


def is_wal(path: Path) -> bool:
    """Whether the file is a SQLite database in WAL mode (by its header; a missing file is not)."""
    try:
        with path.open("rb") as f:
            header = f.read(20)
    except OSError:
        return False
    return len(header) == 20 and header.startswith(HEADER) and header[18] == WAL_READ_VERSION


def unreadable_wal(url: str, instance_path: str) -> str | None:
    """Why SQLite cannot read this database, when it is in WAL mode in a folder this process cannot write."""
    found = database_path(url, instance_path)
    if found is None:
        return None
    path, options = found
    if options.get("immutable") == ["1"] or not is_wal(path):
        return None
    shm = path.with_name(path.name + "-shm")
    if os.access(path.parent, os.W_OK) or (os.access(shm, os.R_OK) and path.with_name(path.name + "-wal").exists()):
        return None
    return (
        f"DATABASE_URL is a SQLite file in WAL mode ({path}) in a folder this process cannot write; SQLite "
        f"cannot read it without creating {shm.name} there, so every request would fail. To serve it read-only, "
        + RECIPE
    )
