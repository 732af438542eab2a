"""Crawling stage: feeds, status pages and filings in, article items out (never touches the store)."""
