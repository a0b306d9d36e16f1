"""gunicorn settings for `make serve`; environment variables override them."""

import json
import multiprocessing
import os
import sys
import traceback
from pathlib import Path

from gunicorn.glogging import Logger

PORT = os.environ.get("PORT", "8000")
bind = f"127.0.0.1:{PORT}"
# Sync workers are CPU-bound on a cache miss: two per core keeps one busy while the other waits on I/O.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# Below the database's bounded waits (config.py) a request fails with a 503 long before this kills it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM or a HUP reload, workers finish the requests in hand for this long.
graceful_timeout = 20
keepalive = 5
# Recycle each worker now and then (memory held by long-lived objects); jitter keeps them from restarting
# together. High, because a restart empties the worker's answer cache: at 1,000 requests/s, every ~15 minutes.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
# gunicorn believes no forwarding header from anyone: the app reads X-Forwarded-For and X-Forwarded-Proto
# itself, through TRUSTED_PROXIES (regstatus/client_address.py). gunicorn's default would take
# X-Forwarded-Proto (hence HSTS) and a SCRIPT_NAME header from any client on 127.0.0.1.
forwarded_allow_ips = ""
secure_scheme_headers = {}
# Looser than the app's own guard (regstatus/input_guard.py), so the app refuses what no view can use, in the
# caller's format (problem JSON under /api/). 8190 is the most gunicorn accepts for the request line without
# switching the limit off; past these limits gunicorn itself answers, in plain text (README "Bad input").
limit_request_line = 8190
limit_request_fields = 200
limit_request_field_size = 16380
# One control socket per deployment (checkout and port), not the shared ~/.gunicorn/gunicorn.ctl.
_control = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
if _control.lower() == "off":
    control_socket_disable = True
else:
    control_socket = _control or str(Path(__file__).resolve().parent / "instance" / f"gunicorn-{PORT}.ctl")


def _check_app() -> int:
    """Build the app once and throw it away: 0, or 1 after printing why it cannot start."""
    from regstatus import create_app
    from regstatus.config import ConfigError
    from regstatus.extensions import db

    try:
        app = create_app()
    except ConfigError as refused:
        print(refused, file=sys.stderr, flush=True)
        return 1
    with app.app_context():
        db.engine.dispose()
    return 0


def on_starting(server):
    """Check the settings once, before any worker starts: a refusal is printed once, with no traceback.

    The check runs in a child process, so the master never imports the app: after a deployment, a HUP
    reload starts workers on the new code, not on modules the master would still hold.
    """
    if server.cfg.reload and os.environ.get("REGSTATUS_ENV") == "production":
        print("gunicorn --reload restarts workers whenever a file changes; production never reloads", file=sys.stderr)
        sys.exit(1)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = _check_app()
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(1)


class JsonAccessLogger(Logger):
    """One JSON object per request: status, duration, method, route, path, request id."""

    def access(self, resp, req, environ, request_time):
        """Write the access line (skipped when no access log is configured)."""
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.syslog):
            return
        headers = dict(resp.headers) if isinstance(resp.headers, list) else {}
        line = {
            "status": int(str(resp.status).split()[0]),
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "method": environ.get("REQUEST_METHOD"),
            "route": environ.get("regstatus.route"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "bytes": getattr(resp, "sent", None),
            "request_id": headers.get("X-Request-ID"),
            "remote": environ.get("REMOTE_ADDR"),
            "pid": os.getpid(),
        }
        try:
            self.access_log.info(json.dumps(line, separators=(",", ":")))
        except Exception:  # a log line must never fail a request
            self.exception("cannot write the access log line")


logger_class = JsonAccessLogger
