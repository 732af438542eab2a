"""Environment defaults, applied before Prefect, transformers or DuckDB are imported.

Tool state stays inside the project (PREFECT_HOME, DuckDB's extension
folder), models never download, and Prefect's telemetry is off. A value the
user already set wins.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME = Path(os.environ.get("OUTAGEWATCH_HOME") or Path(__file__).resolve().parents[1])


def apply() -> Path:
    """Set the defaults; return the project folder that holds `.state/`."""
    state = HOME / ".state"
    defaults = {
        "OUTAGEWATCH_STATE": str(state),
        "PREFECT_HOME": str(state / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
        "DUCKDB_EXTENSION_DIRECTORY": str(state / "duckdb_extensions"),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "TRANSFORMERS_VERBOSITY": "error",
        "TOKENIZERS_PARALLELISM": "false",
        "SCRAPY_SETTINGS_MODULE": "spiders.settings",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    for folder in ("PREFECT_HOME", "DUCKDB_EXTENSION_DIRECTORY"):
        Path(os.environ[folder]).mkdir(parents=True, exist_ok=True)
    return HOME


apply()
