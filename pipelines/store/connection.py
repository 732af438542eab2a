"""Opening the DuckDB file so that a writer and analysts can take turns.

DuckDB lets one process write or many read, never both at once. Every
connection here is short-lived and retried while another process holds the
file, so a scheduled run and an analyst's query interleave instead of failing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

log = logging.getLogger(__name__)

DEFAULT_DB = Path("data/outagewatch.duckdb")
LOCK_WAIT_SECONDS = float(os.environ.get("OUTAGEWATCH_LOCK_WAIT", "120"))


class StoreUnavailable(RuntimeError):
    """The database file cannot be opened (missing folder, corrupt, locked too long)."""


class StoreWriteFailed(StoreUnavailable):
    """A write could not land (disk full, file size limit, read-only disk); all of its transaction was undone.

    Distinct from a failure to open so that callers can keep what they meant to write and say that
    the next run will write it, instead of ending on a database traceback.
    """


def extension_directory() -> str:
    """DuckDB's extension folder, kept inside the project instead of ~/.duckdb."""
    default = Path(os.environ.get("OUTAGEWATCH_STATE", ".state")) / "duckdb_extensions"
    path = Path(os.environ.get("DUCKDB_EXTENSION_DIRECTORY", default))
    path.mkdir(parents=True, exist_ok=True)
    return str(path.resolve())


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    if "Unique file handle conflict" in text:
        return True  # this process is still attaching or detaching the same file on another thread
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set" in text)


# DuckDB shares one database instance per file within a process; two threads opening the same file at the
# same moment can race in that cache ("already attached"). Opening is quick, so it is done one at a time.
_opening = threading.Lock()


def connect(
    path: Path | str, *, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS, config: dict | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting with jittered backoff while another process holds its lock."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists():
        raise StoreUnavailable(f"no database at {path}")
    settings: dict[str, Any] = {"extension_directory": extension_directory(), "autoinstall_known_extensions": False}
    settings.update(config or {})
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            with _opening:
                return duckdb.connect(str(path), read_only=read_only, config=settings)
        except (duckdb.IOException, duckdb.ConnectionException, duckdb.BinderException) as exc:
            if not _is_lock_error(exc):
                raise StoreUnavailable(f"cannot open {path}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise StoreUnavailable(f"{path} stayed locked by another process for {wait:.0f}s") from exc
            time.sleep(delay * (0.5 + random.random()))  # noqa: S311 - jitter, not crypto
            delay = min(delay * 2, 1.0)
        except duckdb.Error as exc:
            raise StoreUnavailable(f"cannot open {path}: {exc}") from exc


@contextmanager
def session(
    path: Path | str, *, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short connection: opened, used, closed, so the file's lock is held only briefly."""
    con = connect(path, read_only=read_only, wait=wait)
    try:
        yield con
    finally:
        con.close()


# What a full disk or a file-size limit raises mid-write; a constraint violation is a bug and stays itself.
_WRITE_ERRORS = (duckdb.IOException, duckdb.FatalException)

_writers: dict[str, threading.RLock] = {}
_writers_lock = threading.Lock()


def _writer_lock(path: Path | str) -> threading.RLock:
    """One writer at a time within this process (crawls run concurrently on the reactor thread and others)."""
    key = str(Path(path).resolve())
    with _writers_lock:
        return _writers.setdefault(key, threading.RLock())


@contextmanager
def transaction(path: Path | str, *, wait: float = LOCK_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short write session in one transaction: all of it lands, or none."""
    with _writer_lock(path), session(path, wait=wait) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except _WRITE_ERRORS as exc:
            _rollback(con)
            raise StoreWriteFailed(_write_failure(path, exc)) from exc
        except BaseException:
            _rollback(con)
            raise
        try:
            con.execute("COMMIT")
        except (*_WRITE_ERRORS, duckdb.TransactionException) as exc:  # DuckDB has undone the failed commit itself
            raise StoreWriteFailed(_write_failure(path, exc)) from exc


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # A failed statement or commit may have ended the transaction already; its own error is the one to report.
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


def _write_failure(path: Path | str, exc: duckdb.Error) -> str:
    reason = str(exc).split("Error: ", 1)[-1]  # drop DuckDB's "TransactionContext Error: " prefix
    return f"could not write to {path}: {reason}; nothing of this write landed"
