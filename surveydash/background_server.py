"""`surveydash serve` as a child process on a free loopback port, and the Chromium that drives
it, for the programs that use the dashboard from outside: the browser tests and the benchmark."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Debian's Chromium (`make browser-deps`); Playwright's own browser download needs internet.
CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium keeps trying to reach Google's hosts, which a closed
# network refuses; --no-sandbox because the tests and the benchmark may run as root.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A cold Streamlit start imports pandas, plotly and duckdb: allow for a slow shared machine.
DEFAULT_START_SECONDS = 120
# How long the server and its Streamlit child get to stop when asked, before they are killed.
STOP_SECONDS = 15


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(
    database: Path | str,
    log_path: Path,
    start_seconds: float = DEFAULT_START_SECONDS,
    *,
    cwd: Path | None = None,
    port: int | None = None,
    auth_file: Path | None = None,
) -> Iterator[str]:
    """Run `surveydash serve --db database` until the block ends; yields its base URL. The
    database is passed as given, so a relative path is read against `cwd` (the directory the
    server is started from: this process's own by default), as a person's typed path is. Its
    output goes to `log_path`; a server that exits or does not answer raises RuntimeError
    with the end of that log. `auth_file`: serve with sign-in (`--auth`); its redirect_uri must
    name `port` on 127.0.0.1."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    auth = ["--auth", str(auth_file)] if auth_file else []
    with log_path.open("w") as log:
        # `surveydash serve` runs Streamlit as a child process: a session of its own lets
        # stop() end both, not leave Streamlit serving afterwards.
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "surveydash",
                "serve",
                "--db",
                str(database),
                "--port",
                str(port),
                "--address",
                "127.0.0.1",
                *auth,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(os.environ),
            cwd=cwd,
            start_new_session=True,
        )
        try:
            wait_until_healthy(url, process, start_seconds, log_path)
            yield url
        finally:
            stop(process)


def wait_until_healthy(url: str, process: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"surveydash serve exited early with code {process.returncode}:\n"
                + log.read_text(errors="replace")[-3000:]
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"surveydash serve did not answer on {url} within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    """Stop the server and the Streamlit process it started (their own process group): ask,
    then, if some process of the group is still there after a while, kill."""
    for signal_number in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, signal_number)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + STOP_SECONDS
        while time.monotonic() < deadline:
            process.poll()  # reaps the server, so that only live processes keep the group
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)
