"""Every benchmark, one after another: `make bench`. Figures go to stdout and bench/results/*.json.

The last two measure quality rather than speed, on sentences and articles written apart from the corpus."""

from __future__ import annotations

from bench import crawl_speed, event_leads, extraction, rerun, store_writes, wire_sentences

if __name__ == "__main__":
    store_writes.main()
    crawl_speed.main()
    extraction.main()
    rerun.main()
    wire_sentences.main()
    event_leads.main()
