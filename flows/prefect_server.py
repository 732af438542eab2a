"""A Prefect server for scheduled runs: the user's (PREFECT_API_URL), or one started here on 127.0.0.1.

Schedules do not fire on Prefect's temporary per-process server, so `serve`
needs a real one. When none is configured, one is started as a subprocess
with its state under the project's PREFECT_HOME, and stopped on exit.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)
HEALTH_TIMEOUT = float(os.environ.get("OUTAGEWATCH_PREFECT_START_TIMEOUT", "90"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:  # noqa: S310 - loopback URL we built
            return bool(response.status == 200)
    except OSError:
        return False


def start_server(port: int, log_path: Path) -> subprocess.Popen[bytes]:
    """`prefect server start` on 127.0.0.1:port, its output in log_path."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    handle = log_path.open("ab")
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=handle,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def prefect_api() -> Iterator[str]:
    """The API URL to use: PREFECT_API_URL when set, else a server started here for the duration."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured
        return
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    log_path = Path(os.environ.get("PREFECT_HOME", ".state/prefect")) / "server.log"
    process = start_server(port, log_path)
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT
        while not healthy(api_url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the local Prefect server did not start; see {log_path}")
            time.sleep(0.5)
        log.warning("started a local Prefect server at %s (UI: http://127.0.0.1:%d)", api_url, port)
        yield api_url
    finally:
        stop_server(process)
