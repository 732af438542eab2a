"""`outagewatch export`: every table and the timeline view as one Parquet file each, row for row."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import typer
from typer.testing import CliRunner

from reports.cli_analyst import register
from reports.export import export_store


def relations(db: Path) -> dict[str, tuple[list[str], int]]:
    """name -> (columns, rows) of every table and view, read straight from the store."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [
            row[0]
            for row in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        ]
        out = {}
        for name in names:
            columns = [row[0] for row in con.execute(f'DESCRIBE "{name}"').fetchall()]
            rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # type: ignore[index]
            out[name] = (columns, rows)
        return out
    finally:
        con.close()


def test_every_table_and_the_timeline_view_row_for_row(corpus_store, tmp_path):
    db, _ = corpus_store
    expected = relations(db)
    assert {"documents", "events", "claims", "conflicts", "companies", "timeline"} <= set(expected)
    out = tmp_path / "parquet"
    exported = export_store(db, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.parquet" for name in expected)
    assert {e.name: e.rows for e in exported} == {name: rows for name, (_, rows) in expected.items()}
    assert {e.name: e.kind for e in exported}["timeline"] == "view"
    for name, (columns, rows) in expected.items():
        table = pq.read_table(out / f"{name}.parquet")
        assert table.column_names == columns, name
        assert table.num_rows == rows, name
    events = pq.read_table(out / "events.parquet")
    assert pa.types.is_list(events.schema.field("services").type)
    assert pa.types.is_timestamp(events.schema.field("started_at").type)
    assert expected["events"][1] > 0
    assert expected["timeline"][1] > 0


def test_export_replaces_older_files(corpus_store, tmp_path):
    db, _ = corpus_store
    out = tmp_path / "bi"
    out.mkdir()
    (out / "events.parquet").write_bytes(b"stale, not parquet")
    export_store(db, out)
    export_store(db, out)
    assert pq.read_table(out / "events.parquet").num_rows == relations(db)["events"][1]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no half-written files left


def test_cli_export(corpus_store, tmp_path):
    db, _ = corpus_store
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    out = tmp_path / "export"
    done = runner.invoke(app, ["export", "--db", str(db), str(out)])
    assert done.exit_code == 0, done.output
    assert f"wrote {len(relations(db))} Parquet files to {out}" in done.stdout
    assert any(line.split()[:2] == ["timeline", "view"] for line in done.stdout.splitlines())
    missing = runner.invoke(app, ["export", "--db", str(tmp_path / "none.duckdb"), str(out)])
    assert missing.exit_code == 2
    assert "no database at" in missing.stderr
