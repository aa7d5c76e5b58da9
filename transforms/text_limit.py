"""Refuse texts too long to analyse before extraction sees them (the limit: `Limits.max_text_chars`).

A posting or programme with such a text is quarantined whole, with its length and the limit in the reason;
the rest of the night goes on. spaCy itself refuses texts over 1,000,000 characters, and no real posting or
programme unit comes near the default limit (100,000).
"""

from __future__ import annotations

from transforms.postings import Posting
from transforms.quarantine import QuarantinedRow, quarantine
from transforms.trainings import Training


def _reason(what: str, length: int, limit: int) -> str:
    return f"text too long: {what} of {length:,} characters, over the {limit:,} limit (OBSERVATORY_MAX_TEXT_CHARS)"


def refuse_oversized_postings(postings: list[Posting], limit: int) -> tuple[list[Posting], list[QuarantinedRow]]:
    kept, refused = [], []
    for p in postings:
        longest = max(((len(text), field) for field, text in (("title", p.title), ("description", p.description or ""))))
        if longest[0] > limit:
            refused.append(quarantine(p.source, p.posting_id, "transform", _reason(longest[1], longest[0], limit),
                                      {"title": p.title[:200], "characters": longest[0]}))
        else:
            kept.append(p)
    return kept, refused


def refuse_oversized_trainings(trainings: list[Training], limit: int) -> tuple[list[Training], list[QuarantinedRow]]:
    kept, refused = [], []
    for t in trainings:
        texts = [("title", t.title)] + [(f"unit {u.unit_id}", u.text) for u in t.units]
        length, what = max((len(text), what) for what, text in texts)
        if length > limit:
            refused.append(quarantine(t.source, t.training_id, "transform", _reason(what, length, limit),
                                      {"title": t.title[:200], "characters": length}))
        else:
            kept.append(t)
    return kept, refused
