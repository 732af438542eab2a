"""`outagewatch query`: analysts' SQL is read-only, time-limited and row-limited, and its output parses back.

Runs against the processed sample corpus (a realistic store), through the
runner, through the Typer command, and once as a real process. The writes
it tries are real writes; the lock contention is a real second process.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from pipelines.store import transaction
from pipelines.store.analyst import analyst_session
from reports.cli_analyst import register
from reports.query import Limits, QueryFailed, QueryRefused, QueryTimeout, render_table, run_query

ROOT = Path(__file__).resolve().parents[1]
SLOW = "SELECT count(*) FROM range(1000000000) a, range(1000000000) b WHERE a.range * b.range = -1"


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def counts(db: Path) -> tuple[int, int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM claims), (SELECT count(*) FROM runs)"
        ).fetchone()  # type: ignore[return-value]
    finally:
        con.close()


def test_select_returns_columns_and_rows(corpus_store):
    db, _ = corpus_store
    result = run_query(db, "SELECT company, kind, services FROM events WHERE company = 'Fastly'")
    assert result.columns == ["company", "kind", "services"]
    assert result.rows
    assert all(row[0] == "Fastly" for row in result.rows)
    assert isinstance(result.rows[0][2], list)
    assert not result.truncated


WRITES = {
    "INSERT": "INSERT INTO runs (run_id) VALUES ('x')",
    "UPDATE": "UPDATE events SET kind = 'outage'",
    "DELETE": "DELETE FROM claims",
    "CREATE": "CREATE TABLE scratch AS SELECT 1",
    "DROP": "DROP TABLE events",
    "ALTER": "ALTER TABLE events ADD COLUMN x INT",
    "COPY": "COPY events TO '{tmp}/events.csv'",
    "ATTACH": "ATTACH '{tmp}/other.duckdb' AS other",
    "INSTALL": "INSTALL httpfs",
    "LOAD": "LOAD fts",
    "SET": "SET enable_external_access = true",
    "CALL": "CALL checkpoint()",
    "EXPORT": "EXPORT DATABASE '{tmp}/dump'",
    "CHECKPOINT": "CHECKPOINT",
    "VACUUM": "VACUUM",
    "TRANSACTION": "BEGIN TRANSACTION",
}


@pytest.mark.parametrize("kind", list(WRITES))
def test_writes_are_refused_with_a_clear_message(corpus_store, tmp_path, kind):
    db, _ = corpus_store
    before = counts(db)
    with pytest.raises(QueryRefused) as refused:
        run_query(db, WRITES[kind].format(tmp=tmp_path))
    message = str(refused.value)
    assert f"{WRITES[kind].split()[0]} would change the store" in message
    assert "only reading statements run here (SELECT" in message
    assert counts(db) == before
    assert list(tmp_path.iterdir()) == []  # COPY, ATTACH, EXPORT wrote nothing


def test_the_connection_itself_refuses_writes_files_and_settings(corpus_copy, tmp_path):
    """The statement check only words the refusal: the connection enforces it on its own."""
    tmp_path = tmp_path / "files"
    tmp_path.mkdir()
    outside = tmp_path / "outside.csv"
    outside.write_text("a,b\n1,2\n")
    with analyst_session(corpus_copy) as con:
        for sql in (
            "INSERT INTO runs (run_id) VALUES ('x')",
            f"SELECT * FROM read_csv('{outside}')",
            f"COPY (SELECT 1) TO '{tmp_path}/leak.csv'",
            "SET enable_external_access = true",
            "SET lock_configuration = false",
        ):
            with pytest.raises(duckdb.Error):
                con.execute(sql)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside.csv"]


def test_local_files_are_off_unless_asked_for(corpus_store, tmp_path):
    db, _ = corpus_store
    sheet = tmp_path / "watchlist.csv"
    sheet.write_text("company,tier\nFastly,1\nAmazon,2\n")
    sql = f"SELECT e.company, w.tier FROM events e JOIN read_csv('{sheet}') w USING (company) ORDER BY 1"
    with pytest.raises(QueryRefused) as refused:
        run_query(db, sql)
    assert "--allow-external-access" in str(refused.value)
    for reader in ("read_text", "read_parquet", "glob"):
        with pytest.raises(QueryRefused):
            run_query(db, f"SELECT * FROM {reader}('{sheet}')")
    allowed = run_query(db, sql, Limits(allow_external_access=True))
    assert {row[0] for row in allowed.rows} == {"Fastly", "Amazon"}
    with pytest.raises(QueryRefused):  # reading is allowed then, writing never
        run_query(db, f"COPY events TO '{tmp_path}/x.csv'", Limits(allow_external_access=True))


def test_python_variables_are_not_tables(corpus_store):
    db, _ = corpus_store
    secret_rows = pa.table({"password": ["hunter2"]})  # noqa: F841 - read by DuckDB's replacement scan
    plain = duckdb.connect(str(db), read_only=True)
    try:  # an ordinary connection reads the caller's Arrow table by its name
        assert plain.execute("SELECT * FROM secret_rows").fetchall() == [("hunter2",)]
    finally:
        plain.close()
    with analyst_session(db) as con, pytest.raises(duckdb.CatalogException):
        con.execute("SELECT * FROM secret_rows")


@pytest.mark.parametrize(
    ("sql", "error", "words"),
    [
        ("SELECT 1; DROP TABLE events", QueryRefused, "one statement at a time"),
        ("   -- only a comment", QueryRefused, "no SQL statement"),
        ("SELEC kind FROM events", QueryFailed, "syntax error"),
        ("SELECT * FROM evnts", QueryFailed, 'Did you mean "events"'),
        ("PIVOT events ON kind", QueryRefused, "IN (...)"),
    ],
)
def test_bad_sql_gets_a_one_line_reason(corpus_store, sql, error, words):
    with pytest.raises(error) as raised:
        run_query(corpus_store[0], sql)
    assert words in str(raised.value)
    assert "\n" not in str(raised.value)


def test_read_only_statements_beyond_select_run(corpus_store):
    db, _ = corpus_store
    assert "events" in {row[0] for row in run_query(db, "SHOW TABLES").rows}
    assert "kind" in {row[0] for row in run_query(db, "DESCRIBE events").rows}
    assert run_query(db, "EXPLAIN SELECT * FROM events").rows
    pivot = run_query(db, "PIVOT events ON kind IN ('outage', 'data_loss') USING count(*) GROUP BY company")
    assert pivot.columns == ["company", "outage", "data_loss"]


@pytest.mark.timeout(120)
def test_timeout_stops_a_slow_query_and_frees_the_file(corpus_copy):
    with pytest.raises(QueryTimeout) as stopped:
        run_query(corpus_copy, SLOW, Limits(timeout=0.5))
    assert "0.5 s time limit" in str(stopped.value)
    with transaction(corpus_copy, wait=5) as con:  # the query's connection is closed: a writer gets in
        con.execute("INSERT INTO runs (run_id) VALUES ('after-timeout')")
    assert counts(corpus_copy)[2] == 1


def test_row_limit_truncates_and_says_so(corpus_store):
    db, _ = corpus_store
    result = run_query(db, "SELECT range AS n FROM range(10000) ORDER BY n DESC", Limits(max_rows=25))
    assert len(result.rows) == 25
    assert result.truncated
    assert [row[0] for row in result.rows[:2]] == [9999, 9998]  # the query's own order is kept
    assert render_table(result).splitlines()[-1] == "(25 rows; truncated: more rows exist beyond --max-rows 25)"
    exact = run_query(db, "SELECT * FROM range(25)", Limits(max_rows=25))
    assert len(exact.rows) == 25
    assert not exact.truncated
    assert render_table(exact).rstrip().endswith("(25 rows)")


def test_table_is_aligned_with_long_cells_cut(corpus_store):
    db, _ = corpus_store
    result = run_query(db, "SELECT company, summary, duration_hours FROM events ORDER BY company LIMIT 5")
    lines = render_table(result).splitlines()
    bars = [i for i, ch in enumerate(lines[0]) if ch == "|"]
    assert bars
    # Every row's column separators line up with the header's; a cell may itself hold "|" or "+" ("Disney+").
    assert all(line[i] in "|+" for line in lines[1:-1] for i in bars)
    assert any("…" in line for line in lines[2:-1])
    assert all(len(line) < 200 for line in lines)
    assert "NULL" in render_table(run_query(db, "SELECT NULL AS nothing"))


FORMAT_SQL = """SELECT company, kind, started_at, services, duration_hours, 1 AS one, 2 AS one
                FROM events WHERE company IN ('Fastly', 'Amazon') ORDER BY company"""


def test_csv_json_parquet_parse_back(corpus_store, tmp_path, cli):
    db, _ = corpus_store
    runner = CliRunner()
    expected = run_query(db, FORMAT_SQL)
    for fmt in ("csv", "json", "parquet"):
        out = tmp_path / f"result.{fmt}"
        done = runner.invoke(cli, ["query", "--db", str(db), "--format", fmt, "--out", str(out), FORMAT_SQL])
        assert done.exit_code == 0, done.output
        assert f"wrote {out} ({len(expected.rows)} rows)" in done.stdout
    with (tmp_path / "result.csv").open(newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["company", "kind", "started_at", "services", "duration_hours", "one", "one"]
    assert [r[0] for r in rows[1:]] == [r[0] for r in expected.rows]
    assert json.loads(rows[1][3]) == expected.rows[0][3]  # lists as JSON text
    objects = json.loads((tmp_path / "result.json").read_text())
    assert [o["company"] for o in objects] == [r[0] for r in expected.rows]
    assert objects[0]["one_2"] == 2
    assert objects[0]["started_at"] == expected.rows[0][2].isoformat()
    table = pq.read_table(tmp_path / "result.parquet")
    assert table.column_names == [
        "company",
        "kind",
        "started_at",
        "services",
        "duration_hours",
        "one",
        "one_2",
    ]
    assert pa.types.is_timestamp(table.schema.field("started_at").type)
    assert pa.types.is_list(table.schema.field("services").type)
    assert table.column("services").to_pylist() == [r[3] for r in expected.rows]


def test_cli_prints_a_table_or_streams_csv_json(corpus_store, cli):
    db, _ = corpus_store
    runner = CliRunner()
    done = runner.invoke(cli, ["query", "--db", str(db), "SELECT kind, count(*) AS n FROM events GROUP BY kind"])
    assert done.exit_code == 0
    assert done.stdout.splitlines()[0].split() == ["kind", "|", "n"]
    streamed = runner.invoke(cli, ["query", "--db", str(db), "--format", "json", "--max-rows", "2", "FROM events"])
    assert streamed.exit_code == 0
    assert len(json.loads(streamed.stdout)) == 2
    assert "truncated" in streamed.stderr  # the note stays off stdout, which must parse
    as_csv = runner.invoke(cli, ["query", "--db", str(db), "--format", "csv", "SELECT 'a,b' AS x"])
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [["x"], ["a,b"]]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["DROP TABLE events"], "refused: DROP"),
        (["--timeout", "0.3", SLOW], "time limit"),
        (["--format", "parquet", "SELECT 1"], "--out FILE"),
        (["SELECT * FROM nowhere"], "Catalog Error"),
    ],
)
def test_cli_failures_are_one_line_with_exit_code_2(corpus_store, cli, args, words):
    done = CliRunner().invoke(cli, ["query", "--db", str(corpus_store[0]), *args])
    assert done.exit_code == 2
    assert words in done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stdout == ""


def test_cli_on_a_missing_store(tmp_path, cli):
    done = CliRunner().invoke(cli, ["query", "--db", str(tmp_path / "none.duckdb"), "SELECT 1"])
    assert done.exit_code == 2
    assert "no database at" in done.stderr


def test_real_process_runs_a_saved_query_file(corpus_store):
    """As an analyst types it: the SQL starts with a "--" comment block, passed as one argument."""
    db, _ = corpus_store
    sql = (ROOT / "queries" / "first_reports.sql").read_text()
    program = "import typer; from reports.cli_analyst import register; app=typer.Typer(); register(app); app()"
    done = subprocess.run(
        [sys.executable, "-c", program, "query", "--db", str(db), "--format", "csv", sql],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert "Fastly" in {r["company"] for r in rows}
    refused = subprocess.run(
        [sys.executable, "-c", program, "query", "--db", str(db), "DELETE FROM events"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert refused.returncode == 2
    assert "refused: DELETE" in refused.stderr


WRITER = textwrap.dedent(
    """
    import sys, time
    from pipelines.store import transaction
    db, seconds = sys.argv[1], float(sys.argv[2])
    done, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        with transaction(db, wait=60) as con:
            con.execute("INSERT INTO runs (run_id, status) VALUES (?, 'writing')", [f"w{done}"])
            time.sleep(0.05)  # hold the write lock a moment, as a pipeline batch does
        done += 1
        if done == 1:
            print("writing", flush=True)
        time.sleep(0.01)
    print(done, flush=True)
    """
)


@pytest.mark.timeout(180)
def test_queries_succeed_while_another_process_writes(corpus_copy):
    before = counts(corpus_copy)[2]
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(corpus_copy), "3"], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "writing"
        seen = []
        while writer.poll() is None:
            result = run_query(corpus_copy, "SELECT count(*) FROM runs", wait=60)
            seen.append(result.rows[0][0])
        writes = int(writer.stdout.read().split()[-1])
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0
    assert seen
    assert seen == sorted(seen)
    assert run_query(corpus_copy, "SELECT count(*) FROM runs").rows[0][0] == before + writes
