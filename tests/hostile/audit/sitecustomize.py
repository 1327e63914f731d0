"""Records what a citylint process opens, lists and connects to, through Python's audit hooks (PEP 578).

Put on ``PYTHONPATH`` by ``tests/hostile/test_audit_hooks.py``, this module is imported by every Python
process the test starts (Dask's worker processes included) and, when ``CITYLINT_AUDIT_LOG`` names a file,
appends one JSON line per event to it: ``open`` (every ``open()``, ``io.open``, ``os.open``), ``os.listdir``,
``os.scandir``, ``socket.connect`` and ``socket.getaddrinfo``. Only events of a process that has imported
citylint are kept (the measuring launcher is Python too). The log is written with ``os.write`` on a
descriptor opened before the hook, so that writing an event raises no event.
"""

from __future__ import annotations

import json
import os
import sys
import threading

_LOG = os.environ.get("CITYLINT_AUDIT_LOG")
_EVENTS = {"open", "os.listdir", "os.scandir", "socket.connect", "socket.getaddrinfo"}


def _text(value: object) -> object:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, os.PathLike):
        return _text(os.fspath(value))
    if isinstance(value, tuple):
        return [_text(v) for v in value]
    if isinstance(value, (str, int, float)) or value is None:
        return value
    return repr(value)


def _install(log: str) -> None:
    descriptor = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    state = threading.local()  # a guard per thread: an event of one thread never hides another's

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event not in _EVENTS or getattr(state, "busy", False) or "citylint" not in sys.modules:
            return
        state.busy = True
        try:
            if event in ("open", "os.listdir", "os.scandir"):
                target = args[0] if args else None
                if target is None or isinstance(target, int):  # a descriptor already opened, or the cwd
                    target = os.getcwd() if target is None else None
                if target is None:
                    return
                path = _text(target)
                detail: object = os.path.join(os.getcwd(), path) if isinstance(path, str) else path
            elif event == "socket.connect":
                detail = _text(args[1])
            else:
                detail = _text(args[:2])
            line = json.dumps({"pid": os.getpid(), "event": event, "detail": detail}) + "\n"
            os.write(descriptor, line.encode())
        finally:
            state.busy = False

    sys.addaudithook(hook)


if _LOG:
    _install(_LOG)
