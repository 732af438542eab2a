"""Downloader middlewares: what a request may reach, and how a fetch is made."""
