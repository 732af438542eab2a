"""A rerun over unchanged sources against the first run: the real command, end to end.

`python -m bench.rerun` : runs `outagewatch run` twice over the sample corpus served on loopback
(each run a fresh process, Prefect's temporary server and model loading included), then measures
the part a scheduled worker pays (crawl and process in a warm process).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import flows.env  # noqa: F401
from bench.common import report, timed
from flows.corpus_site import serve_corpus
from flows.process import process_pending
from tests.conftest import crawl_into


def _command(db: Path, feeds: list[str]) -> float:
    args = [sys.executable, "-m", "flows.cli", "run", "--db", str(db)] + [a for f in feeds for a in ("--feed", f)]
    with timed() as t:
        subprocess.run(args, check=True, capture_output=True)
    return t["seconds"]


def main() -> dict[str, object]:
    site, feeds, _ = serve_corpus()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "cmd.duckdb"
            first_cmd, second_cmd = _command(db, feeds), _command(db, feeds)
            warm = Path(tmp) / "warm.duckdb"
            with timed() as first:
                crawl_into(warm, feeds)
                process_pending(warm)
            with timed() as second:
                crawl_into(warm, feeds)
                process_pending(warm)
    finally:
        site.stop()
    return report("rerun", {
        "feeds": len(feeds),
        "command_first_seconds": round(first_cmd, 1), "command_rerun_seconds": round(second_cmd, 1),
        "warm_first_seconds": round(first["seconds"], 2), "warm_rerun_seconds": round(second["seconds"], 2),
        "warm_rerun_fraction": round(second["seconds"] / first["seconds"], 3),
    })  # fmt: skip


if __name__ == "__main__":
    main()
