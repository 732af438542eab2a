"""Scrapy settings: polite by default and tightened as Scrapy's security notes advise.

Components are registered here by dotted path and order, as in a Scrapy
project; `spiders.runner` passes this module to every crawler it starts.
"""

from __future__ import annotations

import os

BOT_NAME = "outagewatch"
USER_AGENT = "outagewatch/0.1 (news and disclosure monitor; +https://github.com/outagewatch/outagewatch)"

# Polite: robots.txt, one request at a time per domain, a delay that adapts to the server.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 0.5
DOWNLOAD_DELAY_JITTER = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 20
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False

# Safe: bounded downloads, no local-file or inline-data schemes, no remote consoles.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # opens a port and writes job files under ~/.local/state
HTTPCACHE_ENABLED = False
MEMUSAGE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    "spiders.middlewares.address_guard.AddressGuardMiddleware": 50,
}

ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.clean.CleanTextPipeline": 200,
    "pipelines.canonical.CanonicalUrlPipeline": 300,
    "pipelines.seen.SeenContentPipeline": 400,
    "pipelines.store.DuckDBPipeline": 800,
}

# outagewatch's own settings (set per run by spiders.runner).
OUTAGEWATCH_DB = "data/outagewatch.duckdb"
OUTAGEWATCH_ALLOWED_ORIGINS: list[str] = []  # "host:port" pairs exempt from the private-address guard
OUTAGEWATCH_STORE_BATCH = int(os.environ.get("OUTAGEWATCH_STORE_BATCH", "50"))

LOG_LEVEL = "INFO"
LOG_FORMATTER = "spiders.logformatter.ShortLogFormatter"
FEED_EXPORT_ENCODING = "utf-8"
