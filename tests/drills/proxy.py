"""A TCP proxy for drills: forwards to a loopback server, refuses connections, or accepts and hangs."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time

from tests.live import free_port

FORWARD, REFUSE, HANG = "forward", "refuse", "hang"


class Proxy:
    """127.0.0.1:port -> upstream. `refuse` closes the port (RST, like a stopped server) and drops
    open connections; `hang` accepts and holds new connections and stops relaying open ones, like
    a network that drops packets without a word."""

    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self.mode = FORWARD
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stopped = False
        self._listen()

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)  # a thread blocked in accept() would keep a closed port listening
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed by set_mode(REFUSE) or stop()
            with self._lock:
                self._sockets.add(client)
            if self.mode == HANG:
                continue  # held open, never answered
            try:
                upstream = socket.create_connection(self.upstream, timeout=2)
            except OSError:
                self._close(client)
                continue
            with self._lock:
                self._sockets.add(upstream)
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while not self._stopped:
                if self.mode == HANG:
                    time.sleep(0.05)  # leave the bytes unread: the peer waits for an answer
                    continue
                ready, _, _ = select.select([src], [], [], 0.1)
                if not ready or self.mode == HANG:
                    continue
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except (OSError, ValueError):
            pass  # closed under us by set_mode() or the other direction
        self._close(src)
        self._close(dst)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def _drop_connections(self) -> None:
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            self._close(sock)

    def set_mode(self, mode: str) -> None:
        """Switch to forward, refuse or hang; leaving a hang drops the connections it held."""
        previous, self.mode = self.mode, mode
        if mode == REFUSE:
            if self._listener is not None:
                self._listener.close()
                self._listener = None
            self._drop_connections()
        elif self._listener is None:
            self._listen()
        if previous == HANG and mode != HANG:
            self._drop_connections()

    def stop(self) -> None:
        """Close everything."""
        self._stopped = True
        self.set_mode(REFUSE)
