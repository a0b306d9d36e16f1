"""The WSGI entry point: the only module-level app."""

from regstatus import create_app

app = create_app()
