"""gunicorn settings for `make serve`; environment variables override them."""

import json
import multiprocessing
import os

from gunicorn.glogging import Logger

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
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
forwarded_allow_ips = "127.0.0.1"


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
