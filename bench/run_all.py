"""Every benchmark, one after another: `make bench`. Figures go to stdout and bench/results/*.json."""

from __future__ import annotations

from bench import crawl_speed, extraction, rerun, store_writes

if __name__ == "__main__":
    store_writes.main()
    crawl_speed.main()
    extraction.main()
    rerun.main()
