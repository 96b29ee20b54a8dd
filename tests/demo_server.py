"""Start the real ``commentguard demo`` server process for a test, and stop it afterwards."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

_SERVING = re.compile(r"serving the demo blog at (http://\S+)")
_PASSWORD = re.compile(r"moderator password \(user 'moderator'\): (\S+)")


@dataclass
class Demo:
    """A running demo: its base URL, the moderator's password, and what it wrote to stderr so far."""

    url: str
    password: str
    process: subprocess.Popen[str]
    stderr: list[str] = field(default_factory=list)


@contextmanager
def running_demo(db: Path, *args: str, password: str | None = None, timeout: float = 60) -> Iterator[Demo]:
    """The demo server on 127.0.0.1 and a free port, stopped (and reaped) when the block ends."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
    env.pop("COMMENTGUARD_DEMO_PASSWORD", None)
    if password is not None:
        env["COMMENTGUARD_DEMO_PASSWORD"] = password
    process = subprocess.Popen(
        [sys.executable, "-m", "commentguard", "demo", "--db", str(db), "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        assert process.stderr is not None
        found: dict[str, str] = {}
        timer = threading.Timer(timeout, process.kill)  # a server that never says where it is
        timer.start()
        for line in process.stdout:
            if match := _PASSWORD.search(line):
                found["password"] = match.group(1)
            if match := _SERVING.search(line):
                found["url"] = match.group(1)
                break
        timer.cancel()
        if "url" not in found:
            raise AssertionError(f"the demo did not start: {process.stderr.read()}")
        demo = Demo(found["url"], found.get("password", password or ""), process)
        drain = threading.Thread(target=lambda: demo.stderr.extend(process.stderr or ()), daemon=True)
        drain.start()
        yield demo
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
