"""Analysts' own SQL against the store: read-only, time-limited, row-limited, as datasette runs it.

What enforces read-only is the connection (pipelines.store.analyst): a
read-only file, no external access, locked settings. The statement check here
only turns a write into a clear refusal before it reaches the store.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.store.analyst import analyst_session
from pipelines.store.connection import LOCK_WAIT_SECONDS

ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
READS = "SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, PIVOT ... IN (...), EXPLAIN"
BATCH_ROWS = 2048
LEADING_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)


class QueryRefused(ValueError):
    """The SQL would change the store, its settings, or reach outside it."""


class QueryTimeout(RuntimeError):
    """The query ran past its time limit and was stopped."""


class QueryFailed(RuntimeError):
    """The SQL is not valid, or DuckDB could not run it."""


@dataclass(frozen=True)
class Limits:
    max_rows: int = 1000
    timeout: float = 30.0
    allow_external_access: bool = False


@dataclass(frozen=True)
class QueryResult:
    table: pa.Table
    truncated: bool
    limits: Limits

    @property
    def columns(self) -> list[str]:
        return list(self.table.column_names)

    @property
    def rows(self) -> list[tuple]:
        columns = [self.table.column(i).to_pylist() for i in range(self.table.num_columns)]
        return list(zip(*columns, strict=True))


def check_statement(sql: str) -> None:
    """Refuse anything but one read statement, naming what was refused and what is allowed."""
    try:
        with duckdb.connect(":memory:") as parser:
            statements = parser.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryFailed(_first_line(exc)) from exc
    if not statements:
        raise QueryRefused("no SQL statement given")
    kinds = [s.type.name for s in statements]
    if len(statements) > 1:
        hint = " (PIVOT without IN (...) expands to several; list its values)" if "pivot" in sql.lower() else ""
        raise QueryRefused(f"one statement at a time, got {len(statements)}: {', '.join(kinds)}{hint}")
    if statements[0].type not in ALLOWED:
        raise QueryRefused(
            f"{_keyword(statements[0])} would change the store or its settings, or reach outside it; "
            f"only reading statements run here ({READS})"
        )


def _keyword(statement: duckdb.Statement) -> str:
    """What the analyst typed (CHECKPOINT, INSTALL), which DuckDB files under a broader kind (CALL, LOAD)."""
    first = re.match(r"[A-Za-z]*", LEADING_COMMENTS.sub("", statement.query, count=1))
    word = first.group(0).upper() if first else ""
    return word if word and word != "WITH" else statement.type.name


def run_query(
    db: Path | str, sql: str, limits: Limits | None = None, *, wait: float = LOCK_WAIT_SECONDS
) -> QueryResult:
    """Check, then run one read statement with the limits; waits while a writer holds the file."""
    limits = limits or Limits()
    check_statement(sql)
    with analyst_session(db, allow_external_access=limits.allow_external_access, wait=wait) as con:
        table, truncated = _fetch_limited(con, sql, limits)
    return QueryResult(table, truncated, limits)


def _fetch_limited(con: duckdb.DuckDBPyConnection, sql: str, limits: Limits) -> tuple[pa.Table, bool]:
    """Stream batches until one row past the limit; a timer interrupts the query at the time limit."""
    expired = threading.Event()

    def stop() -> None:
        expired.set()
        with contextlib.suppress(duckdb.Error):  # the query may have just finished and closed
            con.interrupt()

    timer = threading.Timer(limits.timeout, stop)
    timer.daemon = True
    timer.start()
    try:
        reader = con.execute(sql).to_arrow_reader(BATCH_ROWS)
        batches, count = [], 0
        for batch in reader:
            batches.append(batch)
            count += batch.num_rows
            if count > limits.max_rows:
                break
        table = pa.Table.from_batches(batches, schema=reader.schema)
    except (duckdb.Error, pa.ArrowException) as exc:
        if expired.is_set():
            raise QueryTimeout(f"query stopped at the {limits.timeout:g} s time limit (--timeout)") from exc
        raise _explain(exc, limits) from exc
    finally:
        timer.cancel()
    return table.slice(0, limits.max_rows), table.num_rows > limits.max_rows


def _explain(exc: Exception, limits: Limits) -> Exception:
    """DuckDB's refusals, reworded for someone who only asked a question."""
    text = _first_line(exc)
    if isinstance(exc, duckdb.PermissionException):
        hint = "" if limits.allow_external_access else "; --allow-external-access lets it read local files"
        return QueryRefused(f"file and network access is off for analyst queries{hint} ({text})")
    if "read-only" in text or "configuration has been locked" in text:
        return QueryRefused(f"the store is read-only here ({text})")
    return QueryFailed(text)


def _first_line(exc: Exception) -> str:
    """DuckDB's message without the echoed SQL, keeping a "Did you mean" suggestion."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    hints = [line for line in lines[1:] if line.startswith("Did you mean")]
    return " ".join(lines[:1] + hints) if lines else type(exc).__name__


# Output: an aligned table for people, CSV / JSON / Parquet for tools.

CELL_WIDTH = 40
FORMATS = ("table", "csv", "json", "parquet")


def render_table(result: QueryResult, width: int = CELL_WIDTH) -> str:
    """psql-style aligned text; long cells cut to `width` characters, numbers right-aligned."""
    names = [_cut(name, width) for name in result.columns]
    numeric = [_is_number(field.type) for field in result.table.schema]
    cells = [[_cut(_display(value), width) for value in row] for row in result.rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(names)]

    def line(values: list[str], align: bool) -> str:
        cols = zip(values, widths, numeric, strict=True)
        padded = [v.rjust(w) if align and num else v.ljust(w) for v, w, num in cols]
        return (" " + " | ".join(padded)).rstrip()

    out = [line(names, False), "-" + "-+-".join("-" * w for w in widths) + "-"]
    out += [line(row, True) for row in cells]
    return "\n".join([*out, footer(result)]) + "\n"


def footer(result: QueryResult) -> str:
    """How many rows, and whether the row limit cut the answer short."""
    n = result.table.num_rows
    text = f"{n} row{'' if n == 1 else 's'}"
    if result.truncated:
        return f"({text}; truncated: more rows exist beyond --max-rows {result.limits.max_rows})"
    return f"({text})"


def write_csv(result: QueryResult, stream: TextIO) -> None:
    """A header line, then one line per row; nested values as JSON text, NULL as an empty field."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([_csv_value(value) for value in row])


def write_json(result: QueryResult, stream: TextIO) -> None:
    """An array of objects, one per row, keyed by column name (repeated names get _2, _3...)."""
    names = unique_names(result.columns)
    rows = [dict(zip(names, (_plain(v) for v in row), strict=True)) for row in result.rows]
    stream.write("[\n")
    for i, row in enumerate(rows):
        stream.write(("," if i else " ") + json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n")
    stream.write("]\n")


def write_parquet(result: QueryResult, path: Path) -> None:
    """The result with its types kept; types Parquet lacks (INTERVAL, UNION) written as text."""
    table = result.table.rename_columns(unique_names(result.columns))
    for i, field in enumerate(table.schema):
        if pa.types.is_interval(field.type) or pa.types.is_union(field.type):
            text = pa.array([None if v is None else _display(v) for v in table.column(i).to_pylist()], pa.string())
            table = table.set_column(i, field.name, text)
    try:
        pq.write_table(table, path)
    except pa.ArrowNotImplementedError as exc:
        raise QueryFailed(f"Parquet cannot hold a column of this result ({exc}); CAST it to VARCHAR") from exc


def unique_names(names: list[str]) -> list[str]:
    """Column names made distinct and non-empty, for formats keyed by name."""
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names):
        base = name or f"column{i + 1}"
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return out


def _is_number(kind: pa.DataType) -> bool:
    return pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split()) if any(c in text for c in "\n\r\t") else text
    return text if len(text) <= width else text[: width - 1] + "…"


def _display(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if math.isfinite(value) else str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, pa.MonthDayNano):
        return _interval(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_display(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_display(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bytes):
        return "\\x" + value.hex()
    return str(value)


def _interval(value: pa.MonthDayNano) -> str:
    """An INTERVAL as DuckDB prints it: "1 month 3 days 02:00:00"."""
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in ((value.months, "month"), (value.days, "day")) if n]
    if value.nanoseconds or not parts:
        parts.append(str(timedelta(microseconds=value.nanoseconds // 1000)))
    return " ".join(parts)


def _csv_value(value: Any) -> str:
    plain = _plain(value)
    if plain is None:
        return ""
    if isinstance(plain, list | dict):
        return json.dumps(plain, ensure_ascii=False)
    if isinstance(plain, bool):
        return "true" if plain else "false"
    return str(plain)


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO 8601, decimals as numbers, NaN as null, bytes as hex."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, pa.MonthDayNano):
        return _interval(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.hex()
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)
