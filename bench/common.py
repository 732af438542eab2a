"""What every benchmark reports: wall time, rate, peak memory; results kept as JSON under bench/results/."""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def peak_rss_mib() -> float:
    """The process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timed() -> Iterator[dict[str, float]]:
    out: dict[str, float] = {}
    start = time.perf_counter()
    yield out
    out["seconds"] = time.perf_counter() - start


def report(name: str, figures: dict[str, object]) -> dict[str, object]:
    """Print one line per figure and keep the JSON."""
    RESULTS.mkdir(exist_ok=True)
    figures = {**figures, "peak_rss_mib": round(peak_rss_mib(), 1)}
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2, default=str))
    print(f"== {name}")
    for key, value in figures.items():
        print(f"   {key:28s} {value}")
    return figures
