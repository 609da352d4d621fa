"""Fan-out of live messages to the streams open on this host, and across hosts through PostgreSQL.

A message is a small dict about one position (ids, a kind, who did it: never content). Each open stream
holds a bounded queue registered here under its position. `send` reaches every host: on PostgreSQL it is a
`NOTIFY plenipo_live` that one listener thread per process (started with the first stream, restarted after
a fork or a lost connection) receives and hands to the local queues; on SQLite, where one process serves the
database, it goes straight to the local queues. Queues that fall behind drop messages rather than grow, and a
listener that lost its connection tells every stream to refresh (`resync`), since NOTIFYs sent meanwhile are lost.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import threading
import time
from collections import defaultdict

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)
CHANNEL = "plenipo_live"
QUEUE_SIZE = 100
RECONNECT_SECONDS = (0.5, 1, 2, 5, 10)
IDLE_SECONDS = 30  # a listener with no stream to feed for this long closes its connection (the next stream reopens it)


class Hub:
    """The live messages of one app (one database) in this process."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.across_hosts = engine.dialect.name == "postgresql"
        self._lock = threading.Lock()
        self._streams: dict[int, set[queue.Queue]] = defaultdict(set)
        self._listener: threading.Thread | None = None
        self._listening = threading.Event()
        self._stopped = threading.Event()
        self._pid = os.getpid()

    # --- streams on this host -------------------------------------------------------------------------
    def open(self, position_id: int) -> queue.Queue:
        """A queue that receives every message about this position from now on."""
        self._after_fork()
        inbox: queue.Queue = queue.Queue(QUEUE_SIZE)
        with self._lock:
            self._streams[position_id].add(inbox)
        if self.across_hosts:
            self._ensure_listener()
        return inbox

    def close(self, position_id: int, inbox: queue.Queue) -> None:
        """Stop delivering to this queue."""
        with self._lock:
            streams = self._streams.get(position_id)
            if streams is not None:
                streams.discard(inbox)
                if not streams:
                    del self._streams[position_id]

    def open_streams(self) -> int:
        """How many streams this process serves now."""
        with self._lock:
            return sum(len(s) for s in self._streams.values())

    def deliver(self, message: dict) -> None:
        """Hand a message to this host's streams of its position (a full queue drops it)."""
        position_id = message.get("position_id")
        with self._lock:
            targets = list(self._streams.get(position_id, ())) if position_id is not None else \
                [q for streams in self._streams.values() for q in streams]
        for inbox in targets:
            with contextlib.suppress(queue.Full):
                inbox.put_nowait(message)

    # --- every host ---------------------------------------------------------------------------------
    def send(self, message: dict) -> None:
        """Reach the streams of every host: NOTIFY on PostgreSQL (the listener delivers), directly on SQLite."""
        if not self.across_hosts:
            self.deliver(message)
            return
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_notify(:channel, :payload)"),
                               {"channel": CHANNEL, "payload": json.dumps(message, separators=(",", ":"))})
            connection.commit()

    def wait_listening(self, timeout: float = 10) -> bool:
        """Whether the listener is subscribed (tests and benchmarks wait for it before sending)."""
        return not self.across_hosts or self._listening.wait(timeout)

    def stop(self) -> None:
        """Stop the listener thread (it ends within a second)."""
        self._stopped.set()
        if self._listener is not None:
            self._listener.join(timeout=5)

    def _after_fork(self) -> None:
        if os.getpid() != self._pid:  # a forked worker inherits no thread: start afresh
            self._pid = os.getpid()
            self._listener, self._lock = None, threading.Lock()
            self._listening.clear()
            self._streams = defaultdict(set)

    def _ensure_listener(self) -> None:
        with self._lock:
            if self._listener is None or not self._listener.is_alive():
                self._stopped.clear()
                self._listener = threading.Thread(target=self._listen, name="plenipo-live-listener", daemon=True)
                self._listener.start()

    def _conninfo(self) -> str:
        return self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def _listen(self) -> None:
        failures = 0
        while not self._stopped.is_set():
            try:
                with psycopg.connect(self._conninfo(), autocommit=True, connect_timeout=5) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    if failures:
                        self.deliver({"kind": "resync", "position_id": None})  # what was sent meanwhile is lost
                    failures = 0
                    self._listening.set()
                    idle_since = time.monotonic()
                    while not self._stopped.is_set():
                        for notice in connection.notifies(timeout=1.0):
                            self._receive(notice.payload)
                        if self.open_streams():
                            idle_since = time.monotonic()
                        elif time.monotonic() - idle_since > IDLE_SECONDS and self._retire():
                            return
            except Exception:  # noqa: BLE001 - a lost connection is retried, never fatal
                self._listening.clear()
                delay = RECONNECT_SECONDS[min(failures, len(RECONNECT_SECONDS) - 1)]
                failures += 1
                log.warning("Live updates: listening on PostgreSQL failed; retrying in %ss", delay, exc_info=True)
                self._stopped.wait(delay)
        self._listening.clear()

    def _retire(self) -> bool:
        """End the idle listener unless a stream just opened (decided under the lock `open` takes)."""
        with self._lock:
            if any(self._streams.values()):
                return False
            self._listener = None
            self._listening.clear()
            return True

    def _receive(self, payload: str) -> None:
        try:
            message = json.loads(payload)
        except ValueError:
            return
        if isinstance(message, dict):
            self.deliver(message)
