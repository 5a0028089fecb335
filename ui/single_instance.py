"""One window per user: a second launch hands its files to the running app and leaves.

The first app listens on a local socket (a named pipe on Windows) named after the user. A later
launch (a double-click on a policy or a session, "Open with", `main.py FILE`) connects, sends
its files as JSON, waits for the answer and exits; the running window loads the policies, opens
the session and comes to the front. When nothing answers, the launch becomes the first app.
$POLICY_CONSOLIDATOR_INSTANCE names the socket instead (tests, a second profile).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

INSTANCE_ENV = "POLICY_CONSOLIDATOR_INSTANCE"
CONNECT_MS = 500
REPLY_MS = 3000
MAX_MESSAGE = 1024 * 1024


def instance_name() -> str:
    """Returns the socket name for this user (or $POLICY_CONSOLIDATOR_INSTANCE)."""
    override = os.environ.get(INSTANCE_ENV)
    if override:
        return override
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name (a service account without one)
        user = str(Path.home())
    return "PolicyConsolidator-" + hashlib.sha1(user.encode("utf-8")).hexdigest()[:12]


def hand_over(files: list[str], name: str | None = None) -> bool:
    """Returns True when a running app took `files` (absolute paths) and came to the front."""
    socket = QLocalSocket()
    socket.connectToServer(name or instance_name())
    if not socket.waitForConnected(CONNECT_MS):
        return False
    message = json.dumps({"files": [str(Path(f).absolute()) for f in files]}).encode("utf-8")
    socket.write(message + b"\n")
    if not socket.waitForBytesWritten(REPLY_MS):
        return False
    reply = b""
    while not reply.endswith(b"\n") and socket.waitForReadyRead(REPLY_MS):
        reply += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    if not reply.startswith(b"ok"):
        return False
    _let_it_come_to_front(reply)
    return True


def _let_it_come_to_front(reply: bytes) -> None:
    """On Windows, allows the running app (whose process id the reply names) to take focus."""
    if sys.platform != "win32":
        return
    try:
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(int(reply.split()[1]))
    except (AttributeError, IndexError, OSError, ValueError):
        pass


class InstanceServer(QObject):
    """Listens for later launches; emits `files_received` with the files each one hands over."""

    files_received = Signal(list)

    def __init__(self, parent: QObject | None = None, name: str | None = None) -> None:
        super().__init__(parent)
        self.name = name or instance_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Returns True once listening, False when another app already does.

        A socket file a crashed app left behind (nothing answers on it) is cleared first.
        """
        probe = QLocalSocket()  # asked first: on Unix, listen() would take over the name
        probe.connectToServer(self.name)
        if probe.waitForConnected(CONNECT_MS):
            probe.abort()
            return False
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._read(s, b))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(socket.readAll().data())
        if len(buffer) > MAX_MESSAGE:
            socket.abort()
            return
        if not buffer.endswith(b"\n"):
            return
        try:
            files = [str(f) for f in json.loads(buffer.decode("utf-8"))["files"]]
        except (ValueError, KeyError, TypeError):
            socket.write(b"error\n")
            socket.flush()
            return
        socket.write(f"ok {os.getpid()}\n".encode())
        socket.flush()
        self.files_received.emit(files)


def serve_window(window, open_files: Callable[[list[str]], None]) -> InstanceServer | None:
    """Returns the server handing later launches' files to `open_files` and raising `window`;
    None when another app already listens (it then gets the files itself)."""
    server = InstanceServer(window)
    if not server.listen():
        return None

    def received(files: list[str]) -> None:
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        if files:
            open_files(files)

    server.files_received.connect(received)
    return server
