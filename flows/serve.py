"""`outagewatch serve`: every source on its own schedule, processing every few minutes, a daily digest.

Deployments are built from sources.yaml (one per kind and schedule, so
sources that share a cron share a run) and served in this process against a
Prefect server, which is how a run shows up in the Prefect UI with its
summary artifact.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from flows.sources import SourceConfig, load_file


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "schedule"


def schedule_groups(sources: list[SourceConfig]) -> dict[tuple[str, str], list[SourceConfig]]:
    """Enabled sources grouped by kind and schedule: one deployment each."""
    groups: dict[tuple[str, str], list[SourceConfig]] = {}
    for source in sources:
        if source.enabled:
            groups.setdefault((source.kind, str(source.schedule)), []).append(source)
    return groups


def build_deployments(
    db: str,
    sources_file: str,
    process_every: int = 300,
    digest_cron: str | None = None,
    to: list[str] | None = None,
) -> list[Any]:
    """RunnerDeployments for every crawl schedule, the processing interval and the daily digest."""
    from prefect.deployments.runner import EntrypointType

    from flows.crawl import CRAWL_FLOWS
    from flows.digest import digest_flow
    from flows.process import process_flow

    by_module: dict[str, Any] = {"entrypoint_type": EntrypointType.MODULE_PATH}  # importable from any directory
    deployments = []
    for (kind, _), group in sorted(schedule_groups(load_file(Path(sources_file)).sources).items()):
        schedule = group[0].schedule
        when: dict[str, Any] = (
            {"cron": schedule.cron} if schedule.cron else {"interval": timedelta(seconds=schedule.every or 3600)}
        )
        deployments.append(
            CRAWL_FLOWS[kind].to_deployment(
                name=f"{kind}-{_slug(str(schedule))}",
                parameters={"db": db, "sources_file": sources_file, "only": [s.id for s in group]},
                tags=["outagewatch", "crawl", kind],
                **by_module,
                **when,
            )
        )
    deployments.append(
        process_flow.to_deployment(
            name="process", interval=timedelta(seconds=process_every), parameters={"db": db}, **by_module
        )
    )
    if digest_cron:
        deployments.append(
            digest_flow.to_deployment(
                name="daily-digest", cron=digest_cron, parameters={"db": db, "to": to or []}, **by_module
            )
        )
    return deployments


def serve_forever(db: str, sources_file: str, process_every: int, digest_cron: str | None, to: list[str]) -> None:
    """Serve the deployments against PREFECT_API_URL, or a local server started for the duration."""
    from prefect import serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.prefect_server import prefect_api

    with prefect_api() as api_url, temporary_settings(updates={PREFECT_API_URL: api_url}):
        deployments = build_deployments(db, sources_file, process_every, digest_cron, to)
        print(f"serving {len(deployments)} deployments against {api_url}; Prefect UI at {api_url.removesuffix('/api')}")
        serve(*deployments)
