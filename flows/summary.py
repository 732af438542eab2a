"""A run's summary: what was read, stored, skipped (and why), and what extraction found.

Printed on stdout at the end of every run and kept as a Prefect markdown
artifact, so the same table shows in the terminal and in the Prefect UI.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any

from nlp.records import ProcessResult
from spiders.runner import CrawlResult


@dataclass
class RunSummary:
    feeds: int = 0
    feeds_read: int = 0
    feeds_unchanged: int = 0
    documents_new: int = 0
    documents_revised: int = 0
    documents_duplicate: int = 0
    documents_processed: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    skip_log: list[dict[str, str]] = field(default_factory=list)
    warnings: Counter[str] = field(default_factory=Counter)
    events_new: int = 0
    events_updated: int = 0
    claims_new: int = 0
    statements_new: int = 0
    conflicts: int = 0
    extraction_failed: dict[str, str] = field(default_factory=dict)
    unknown_companies: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    store_error: str = ""  # the store refused a write (disk full): the run did not finish its work

    def add_crawl(self, crawl: CrawlResult) -> None:
        self.feeds_read += crawl.count("feeds_read")
        self.feeds_unchanged += crawl.count("feeds_unchanged")
        self.documents_new += crawl.count("stored/new")
        self.documents_revised += crawl.count("stored/revised")
        self.skipped.update(crawl.by_prefix("skipped"))
        self.warnings.update(crawl.by_prefix("warnings"))
        self.skip_log.extend(crawl.skips)
        if crawl.stats.get("outagewatch/store_error"):
            self.store_error = str(crawl.stats["outagewatch/store_error"])
            self.errors.append(f"the crawl could not store all it fetched: {self.store_error}")

    def add_process(self, result: ProcessResult) -> None:
        processed = set(result.processed)
        self.documents_processed += len(processed)
        self.documents_duplicate += sum(1 for d, o in result.duplicates.items() if o)
        self.events_new += result.new_events
        self.events_updated += result.updated_events
        mine = [c for c in result.claims if c.doc_id in processed and c.withdrawn_revision is None]
        self.claims_new += len(mine)
        self.statements_new += sum(1 for c in mine if c.same_as is None)
        self.conflicts += sum(1 for c in result.conflicts if c.status == "open")
        self.extraction_failed.update(result.failed)
        self.unknown_companies.update(result.unknown_companies)

    def merge(self, other: RunSummary) -> None:
        """Add another summary's counts (one crawl flow's) into this one."""
        for name in (
            "feeds",
            "feeds_read",
            "feeds_unchanged",
            "documents_new",
            "documents_revised",
            "documents_duplicate",
            "documents_processed",
            "events_new",
            "events_updated",
            "claims_new",
            "statements_new",
            "conflicts",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.skipped.update(other.skipped)
        self.warnings.update(other.warnings)
        self.skip_log.extend(other.skip_log)
        self.extraction_failed.update(other.extraction_failed)
        self.unknown_companies.update(other.unknown_companies)
        self.errors.extend(other.errors)
        self.store_error = self.store_error or other.store_error

    @property
    def status(self) -> str:
        """`completed`, `completed with errors` (a source or the digest failed), or `stopped short` (the store)."""
        if self.store_error:
            return "stopped short"
        return "completed with errors" if self.errors else "completed"

    def as_json(self) -> dict[str, Any]:
        """The counts, reasons and errors as the `runs` table keeps them; the skipped items go to `skips`."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "skip_log"}
        return {k: dict(v) if isinstance(v, dict) else v for k, v in values.items()}  # asdict garbles a Counter

    def rows(self) -> list[tuple[str, Any]]:
        skipped = ", ".join(f"{reason}: {n}" for reason, n in sorted(self.skipped.items())) or "none"
        warned = ", ".join(f"{reason}: {n}" for reason, n in sorted(self.warnings.items())) or "none"
        return [
            (
                "feeds read",
                f"{self.feeds_read} of {self.feeds} ({self.feeds_unchanged} unchanged since last fetch)",
            ),
            ("documents new", self.documents_new),
            ("documents revised", self.documents_revised),
            ("documents duplicate (syndicated copies)", self.documents_duplicate),
            ("documents skipped", f"{sum(self.skipped.values())} ({skipped})"),
            ("stored with caveats", f"{sum(self.warnings.values())} ({warned})"),
            ("documents processed", self.documents_processed),
            ("events new / updated", f"{self.events_new} / {self.events_updated}"),
            ("claims", f"{self.claims_new} ({self.statements_new} distinct statements)"),
            ("open conflicts on these events", self.conflicts),
            ("extraction failures", len(self.extraction_failed)),
        ]

    def text(self) -> str:
        width = max(len(k) for k, _ in self.rows())
        lines = ["outagewatch run summary"] + [f"  {k.ljust(width)}  {v}" for k, v in self.rows()]
        problems = [e for e in self.skip_log if not e["reason"].startswith(("already", "unchanged"))]
        if problems:
            lines.append("  skipped items:")
            lines += [
                f"    - {e['reason']}: {e['url']}" + (f" ({e['detail']})" if e.get("detail") else "")
                for e in problems[:50]
            ]
            if len(problems) > 50:
                lines.append(f"    … and {len(problems) - 50} more (table `skips`)")
        for doc_id, error in list(self.extraction_failed.items())[:20]:
            lines.append(f"  extraction failed for {doc_id}: {error}")
        if self.unknown_companies:
            names = ", ".join(f"{n} ({c})" for n, c in self.unknown_companies.most_common(10))
            lines.append(f"  organisations not in the companies table, near incident words: {names}")
        lines += [f"  error: {e}" for e in self.errors]
        return "\n".join(lines)

    def markdown(self) -> str:
        table = ["| measure | value |", "| --- | --- |"] + [f"| {k} | {v} |" for k, v in self.rows()]
        skipped = [f"- {e['reason']}: {e['url']}" for e in self.skip_log[:100]]
        return "\n".join(["# outagewatch run", "", *table, "", *(["## Skipped", "", *skipped] if skipped else [])])
