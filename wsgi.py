"""The WSGI entry point: the only module-level app."""

import sys

from regstatus import create_app
from regstatus.config import ConfigError

try:
    app = create_app()
except ConfigError as refused:
    # The message names every problem; a traceback would only bury it. Exit status 4 is gunicorn's
    # "App failed to load": its master stops instead of starting the worker again and again.
    print(refused, file=sys.stderr, flush=True)
    raise SystemExit(4) from None
