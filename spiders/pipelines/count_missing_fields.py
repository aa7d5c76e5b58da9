"""Count, per source, the expected fields a record lacks, so a run can say what it lost.

The counts land in the crawl stats as `observatory/field/<source>/<name>/missing`.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from spiders.items import RawRecord


class CountMissingFieldsPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CountMissingFieldsPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, RawRecord):
            expected = getattr(self.crawler.spider, "expected_fields", ())
            for name in expected:
                if item.payload.get(name) in (None, "", [], {}):
                    self.stats.inc_value(f"observatory/field/{item.source}/{name}/missing")
            self.stats.inc_value(f"observatory/records/{item.source}")
        return item
