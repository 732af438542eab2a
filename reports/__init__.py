"""Outputs stage: what analysts read: digest, query, timeline, trends, export."""
