"""Orchestration stage: Prefect flows that run crawl, process and digest, and the `outagewatch` command."""
