"""Group re-posted jobs: the same employer re-publishing the same job under a new id.

Demand is counted per group, not per offer, or a recruiter who re-posts every week would weigh four times.
Two postings are the same job when title, employer and department agree (after folding case and accents)
and their descriptions share most of their word 3-grams (Jaccard ≥ 0.6).
"""

from __future__ import annotations

import re
from collections import defaultdict

from transforms.postings import Posting
from transforms.skills.taxonomy import fold

SIMILARITY_THRESHOLD = 0.6
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = _WORD.findall(fold(text))
    return {tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def duplicate_groups(postings: list[Posting]) -> dict[str, str]:
    """posting_id → id of its group (the smallest id of the group; itself when it stands alone)."""
    buckets: dict[tuple[str, str, str], list[Posting]] = defaultdict(list)
    for posting in postings:
        buckets[(fold(posting.title), fold(posting.employer or ""), posting.department or "")].append(posting)
    group = {p.posting_id: p.posting_id for p in postings}
    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        grams = {p.posting_id: shingles(p.description or "") for p in bucket}
        ordered = sorted(bucket, key=lambda p: p.posting_id)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                if jaccard(grams[first.posting_id], grams[second.posting_id]) >= SIMILARITY_THRESHOLD:
                    root = min(group[first.posting_id], group[second.posting_id])
                    for member, member_group in list(group.items()):
                        if member_group in (group[first.posting_id], group[second.posting_id]):
                            group[member] = root
    return group
