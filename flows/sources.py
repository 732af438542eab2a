"""sources.yaml: the sources a scheduled or plain `outagewatch run` watches."""

from __future__ import annotations

from pathlib import Path

import yaml


def feed_urls(path: Path) -> list[str]:
    """The feed URLs listed in a sources file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [s["url"] for s in data.get("sources", []) if s.get("kind", "feed") in ("feed", "news", "blog")]
