"""Remove personal data from every item before it is stored: landed records and rejected ones alike.

The rules live in observatory/personal_data.py (one definition for every path).
"""

from __future__ import annotations

from typing import Any

from observatory.personal_data import EMAIL, PHONE, redact, redact_text
from spiders.items import RawRecord, RejectedRecord

__all__ = ["EMAIL", "PHONE", "RedactPersonalDataPipeline", "redact", "redact_text"]


class RedactPersonalDataPipeline:
    def process_item(self, item: Any) -> Any:
        if isinstance(item, RawRecord):
            item.payload = redact(item.payload)
        elif isinstance(item, RejectedRecord):
            item.excerpt = redact_text(item.excerpt)
        return item
