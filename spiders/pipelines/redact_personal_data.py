"""Remove recruiters' and trainers' personal data before anything is stored.

The analysis needs the job, the employer and the place, never a person: contact blocks are dropped whole,
and e-mail addresses, phone numbers and "M./Mme Firstname Lastname" in free text are replaced by a
placeholder (which keeps the sentence readable for the skill extractor).
"""

from __future__ import annotations

import re
from typing import Any

from spiders.items import RawRecord

#: Keys whose whole value is personal data in France Travail JSON, RNCP and LHEO records.
PERSONAL_KEYS = frozenset(
    {
        "contact",  # France Travail: recruiter name, e-mail, phone
        "contact-formation",  # LHEO
        "contact-organisme",
        "contact-formateur",
        "contact-tuteur",
        "courriel",
        "telfixe",
        "portable",
        "fax",
        "numtel",
        "web",  # LHEO personal pages of contacts
    }
)

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)33[\s.-]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
CIVILITY_NAME = re.compile(
    r"\b(?:M\.|Mr\.?|Mme\.?|Mlle\.?|Monsieur|Madame|Mademoiselle)\s+"
    r"(?:[A-ZÉÈÀÂÎÔÛÇ][\w'’-]+\.?)(?:\s+[A-ZÉÈÀÂÎÔÛÇ][\w'’-]+){0,2}"
)

# Recruiters sign with a handle: "@Firstname LASTNAME".
HANDLE_NAME = re.compile(r"(?<![\w.])@[A-ZÉÈÀÂÎÔÛÇ][\w'’-]+(?:\s+[A-ZÉÈÀÂÎÔÛÇ][\w'’-]+){0,2}")


def redact_text(text: str) -> str:
    text = EMAIL.sub("[courriel]", text)
    text = PHONE.sub("[téléphone]", text)
    text = HANDLE_NAME.sub("[contact]", text)
    return CIVILITY_NAME.sub("[contact]", text)


def redact(value: Any) -> Any:
    """Walk a JSON-like value: drop personal keys, redact strings."""
    if isinstance(value, dict):
        return {k: redact(v) for k, v in value.items() if k not in PERSONAL_KEYS}
    if isinstance(value, list):
        return [redact(v) for v in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


class RedactPersonalDataPipeline:
    def process_item(self, item: Any) -> Any:
        if isinstance(item, RawRecord):
            item.payload = redact(item.payload)
        return item
