"""How a command reaches the dashboard that holds the database: a job folder beside the file.

DuckDB lets one process hold a database file, and while `surveydash serve` runs, that process
is the dashboard. A command that finds the file held (a nightly `surveydash import`, say) hands
its whole command line to the dashboard instead and waits for the outcome:

    data/surveydash.duckdb.jobs/
        server.json         the serving process's id: present while it takes jobs
        <id>.job.json       a command waiting (written whole, then renamed into place)
        <id>.running.json   the command the dashboard is running now
        <id>.result.json    its printed output and exit code, read and removed by the command

The dashboard runs one job at a time, in order of arrival, through the same command code and the
same writers as the command line, so imports stay serialized (the database's write lock) and
all or nothing (each writer's one transaction), and the command prints the same output and
exits with the same code as it would have on its own. The folder is the owner's only (0700):
whoever may write in it may write the database file beside it anyway.

This module never imports streamlit; the dashboard starts a `JobRunner` where it opens the
database (dashboard.data_access).
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# How often the dashboard looks for jobs: a command waits at most this long before it starts.
POLL_SECONDS = 0.5
# A job nobody picked up in this time is taken back: the serving process is hung or gone.
PICKUP_SECONDS = 30.0
SERVER_FILE = "server.json"


class NoServer(Exception):
    """No live dashboard takes jobs for this database."""


@dataclass(frozen=True)
class Outcome:
    """What a command printed and its exit code."""

    stdout: str
    stderr: str
    exit_code: int


def jobs_folder(database: str | Path) -> Path:
    return Path(f"{database}.jobs")


def _write_whole(path: Path, value: dict) -> None:
    """Write JSON so that a reader sees all of it or no file (rename is atomic)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(value), encoding="utf-8")
    partial.replace(path)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def serving_process(database: str | Path) -> int | None:
    """The id of the live process taking jobs for this database, or None."""
    marker = jobs_folder(database) / SERVER_FILE
    try:
        pid = int(json.loads(marker.read_text(encoding="utf-8"))["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pid if _process_alive(pid) else None


# -- the command's side --------------------------------------------------------------------------


def submit(database: str | Path, job: dict, pickup_seconds: float = PICKUP_SECONDS) -> Outcome:
    """Hand a job (argv, cwd, actor) to the dashboard serving `database` and wait for its
    outcome. NoServer when none takes jobs, or none picked this one up in time (the job is
    then taken back, so it never runs later by surprise)."""
    pid = serving_process(database)
    if pid is None:
        raise NoServer(f"no dashboard takes jobs for {database}")
    folder = jobs_folder(database)
    # Time first, so that jobs sort in order of arrival.
    job_id = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
    waiting, running = folder / f"{job_id}.job.json", folder / f"{job_id}.running.json"
    result = folder / f"{job_id}.result.json"
    _write_whole(waiting, job)
    picked_by = time.monotonic() + pickup_seconds
    while True:
        if result.exists():
            outcome = json.loads(result.read_text(encoding="utf-8"))
            result.unlink()
            return Outcome(outcome["stdout"], outcome["stderr"], int(outcome["exit_code"]))
        if waiting.exists() and time.monotonic() > picked_by:
            try:
                waiting.unlink()
            except FileNotFoundError:
                continue  # picked up just now
            raise NoServer(f"the dashboard serving {database} did not take the job in time")
        if not _process_alive(pid):
            waiting.unlink(missing_ok=True)
            started = running.exists()
            running.unlink(missing_ok=True)
            raise NoServer(
                f"the dashboard serving {database} stopped"
                + (" while running the command: it was rolled back" if started else "")
            )
        time.sleep(POLL_SECONDS / 5)


# -- the dashboard's side ------------------------------------------------------------------------


class _ThreadOutput(io.TextIOBase):
    """sys.stdout/sys.stderr for a process that runs jobs: what the job's thread writes goes
    to that job's buffer, everything else to the real stream. (contextlib.redirect_stdout
    would swap the stream for every thread of the dashboard at once.)"""

    def __init__(self, real):
        self.real = real
        self.buffers = threading.local()

    def write(self, text: str) -> int:
        buffer = getattr(self.buffers, "current", None)
        return (buffer if buffer is not None else self.real).write(text)

    def flush(self) -> None:
        self.real.flush()

    # What io.TextIOBase would otherwise answer for itself: the real stream's.
    @property
    def encoding(self):
        return self.real.encoding

    @property
    def errors(self):
        return self.real.errors

    def isatty(self) -> bool:
        return self.real.isatty()

    def fileno(self) -> int:
        return self.real.fileno()

    def __getattr__(self, name):
        return getattr(self.real, name)


def _capturing(stream_name: str) -> _ThreadOutput:
    stream = getattr(sys, stream_name)
    if not isinstance(stream, _ThreadOutput):
        stream = _ThreadOutput(stream)
        setattr(sys, stream_name, stream)
    return stream


class JobRunner:
    """Runs the jobs handed to this process, one at a time, on a thread of its own.

    `run(job)` runs one job's command and returns its exit code; what it prints is captured."""

    def __init__(self, database: str | Path, run: Callable[[dict], int]):
        self.folder = jobs_folder(database)
        self.run = run
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="surveydash-jobs", daemon=True)

    def start(self) -> JobRunner:
        self.folder.mkdir(mode=0o700, exist_ok=True)
        self.folder.chmod(0o700)  # also when an older folder was made with wider rights
        # Jobs of an earlier server that stopped mid-way: their writes were rolled back.
        for stale in self.folder.glob("*.running.json"):
            stale.unlink(missing_ok=True)
        _write_whole(self.folder / SERVER_FILE, {"pid": os.getpid()})
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        marker = self.folder / SERVER_FILE
        try:
            if json.loads(marker.read_text(encoding="utf-8")).get("pid") == os.getpid():
                marker.unlink()
        except (OSError, ValueError):
            pass
        if self._thread.is_alive():
            self._thread.join(timeout=60)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            for waiting in sorted(self.folder.glob("*.job.json")):
                if self._stopping.is_set():
                    return
                self._run_one(waiting)
            self._stopping.wait(POLL_SECONDS)

    def _run_one(self, waiting: Path) -> None:
        job_id = waiting.name.removesuffix(".job.json")
        running = self.folder / f"{job_id}.running.json"
        try:
            waiting.replace(running)  # taken: the command no longer withdraws it
        except FileNotFoundError:
            return  # withdrawn
        stdout, stderr = _capturing("stdout"), _capturing("stderr")
        out, err = io.StringIO(), io.StringIO()
        stdout.buffers.current, stderr.buffers.current = out, err
        try:
            job = json.loads(running.read_text(encoding="utf-8"))
            exit_code = self.run(job)
        except BaseException as error:  # a bug must not end the runner: report it, go on
            print(f"error: the dashboard could not run the command: {error}", file=err)
            exit_code = 1
        finally:
            stdout.buffers.current = stderr.buffers.current = None
        _write_whole(
            self.folder / f"{job_id}.result.json",
            {"stdout": out.getvalue(), "stderr": err.getvalue(), "exit_code": exit_code},
        )
        running.unlink(missing_ok=True)
