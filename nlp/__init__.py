"""Extraction stage: documents in, events, claims and conflicts out (never fetches)."""
