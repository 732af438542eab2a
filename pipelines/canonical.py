"""Give each article its canonical URL and the stable doc_id that follows from it."""

from __future__ import annotations

from typing import Any

from spiders.items import ArticleItem
from spiders.urls import doc_id_for, resolve_canonical


class CanonicalUrlPipeline:
    """rel=canonical (same host only), tracking parameters and fragments removed."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            item.canonical_url = resolve_canonical(item.url, item.canonical_hint)
            item.doc_id = doc_id_for(item.canonical_url)
        return item
