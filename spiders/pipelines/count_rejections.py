"""Count what a crawl had to reject, pages apart from records, and keep the first lost page's reason.

A lost page (HTTP error, download failure, malformed document) means the source did not deliver everything;
the run summary turns these stats into the source's outcome (`spiders/crawl.py`):
`observatory/rejected/page`, `observatory/rejected/record` and `observatory/first_lost_page`.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from spiders.items import PAGE, RejectedRecord


class CountRejectionsPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CountRejectionsPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, RejectedRecord):
            self.stats.inc_value(f"observatory/rejected/{item.scope}")
            if item.scope == PAGE and not self.stats.get_value("observatory/first_lost_page"):
                self.stats.set_value("observatory/first_lost_page", f"{item.reason} ({item.url})")
        return item
