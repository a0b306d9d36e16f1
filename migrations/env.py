"""Alembic environment: runs inside the Flask app so it uses the app's database and models."""

import logging
from logging.config import fileConfig

import sqlalchemy.exc
from alembic import context
from flask import current_app

import regstatus.models  # noqa: F401  (registers every table on the metadata)
from regstatus.extensions import db

config = context.config
if config.config_file_name and not config.attributes.get("skip_logging_config"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_metadata = db.metadata


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it."""
    url = db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def use_wal(connection) -> None:
    """SQLite: switch the file to WAL once; the mode is stored in the file, so connections need not set it."""
    if connection.dialect.name != "sqlite":
        return
    try:
        if connection.exec_driver_sql("PRAGMA journal_mode").scalar() != "wal":
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    except sqlalchemy.exc.OperationalError as exc:
        # A read-only file (or one in use) keeps its mode; readers do not need WAL.
        logger.warning("SQLite journal mode left unchanged: %s", exc.orig)
    connection.commit()  # end the autobegun transaction, so Alembic's own begins cleanly


def run_migrations_online() -> None:
    """Run the migrations against the app's engine."""

    def skip_empty(ctx, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", skip_empty)
    with db.engine.connect() as connection:
        use_wal(connection)
        context.configure(connection=connection, target_metadata=target_metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
