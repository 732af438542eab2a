"""Every benchmark, one after another: `make bench`. Figures go to stdout and bench/results/*.json.

The last three measure quality rather than speed, on sentences, articles and stories written apart from the corpus."""

from __future__ import annotations

from bench import crawl_speed, event_leads, extraction, rerun, store_writes, stories, wire_sentences

if __name__ == "__main__":
    store_writes.main()
    crawl_speed.main()
    extraction.main()
    rerun.main()
    wire_sentences.main()
    event_leads.main()
    stories.main()
