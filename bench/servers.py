"""Start and stop the servers a bench run measures: regstatus, the bare-Flask ceiling, nginx."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"


def wait_ready(url: str, timeout: float = 30.0) -> None:
    """Poll `url` until it answers 2xx/3xx, or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 400:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


class Gunicorn:
    """A gunicorn serving `app` with 2 sync workers on 127.0.0.1:`port`."""

    def __init__(self, app: str, port: int, env: dict[str, str], workdir: Path, chdir: Path = ROOT):
        self.port = port
        self.pidfile = workdir / f"gunicorn-{port}.pid"
        cmd = [
            str(BIN / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--access-logfile",
            "/dev/null",
            "--chdir",
            str(chdir),
            "--pid",
            str(self.pidfile),
            app,
        ]
        with open(workdir / f"gunicorn-{port}.log", "w") as log:
            self.proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log)

    def stop(self) -> None:
        """Stop the master and its workers."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def worker_rss_mb(master_pid: int) -> float:
    """Largest resident set of the master's worker processes, in MB."""
    ps = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True)
    children = ps.stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status")
        for line in status.read_text().splitlines() if status.exists() else []:
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return max(sizes, default=0.0)


class Nginx:
    """nginx in the foreground with a generated configuration, as the current user."""

    def __init__(self, workdir: Path, http_block: str):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.prefix = workdir / "nginx"
        (self.prefix / "logs").mkdir(mode=0o755, parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(
            "worker_processes 2;\n"
            "daemon off;\n"
            f"pid {self.prefix}/nginx.pid;\n"
            f"error_log {self.prefix}/logs/error.log warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            "  access_log off;\n"
            f"  client_body_temp_path {self.prefix}/body;\n"
            f"  proxy_temp_path {self.prefix}/proxy;\n"
            f"  fastcgi_temp_path {self.prefix}/fastcgi;\n"
            f"  uwsgi_temp_path {self.prefix}/uwsgi;\n"
            f"  scgi_temp_path {self.prefix}/scgi;\n"
            "  default_type application/octet-stream;\n"
            "  keepalive_requests 100000;\n"
            f"{http_block}\n"
            "}\n"
        )
        self.proc = subprocess.Popen(
            [nginx, "-p", str(self.prefix), "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def stop(self) -> None:
        """Stop nginx."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def static_block(port: int, root: Path) -> str:
    """An nginx server answering files from `root`: the machine's ceiling for bytes of a size."""
    return (
        f"  server {{ listen 127.0.0.1:{port}; root {root}; etag on;\n"
        "    location / { default_type application/json; } }\n"
    )


def proxy_block(port: int, app_ports: list[int], cache_dir: Path) -> str:
    """deploy/nginx-regstatus.conf with this run's ports and cache folder."""
    text = (ROOT / "deploy" / "nginx-regstatus.conf").read_text()
    text = text.replace("/var/cache/nginx/regstatus", str(cache_dir))
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in app_ports)
    text = text.replace("    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;\n", servers)
    return text.replace("listen 8080;", f"listen 127.0.0.1:{port};")
