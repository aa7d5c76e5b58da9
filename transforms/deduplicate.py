"""Group re-posted jobs: the same employer re-publishing the same job under a new id, tonight or before.

Demand is counted per group, not per offer, or a recruiter who re-posts every week would weigh four times.
Two postings are the same job when their re-post key agrees (title, employer and department, after folding
case and accents), they were created within 60 days of each other, and their descriptions share most of
their word 3-grams (Jaccard ≥ 0.6). Groups are the connected components of that relation (union-find), so
they do not depend on the order of the postings (a~c, c~d and d~b make one group of four); a group is named
after its smallest posting id. The warehouse regroups, every night, only the keys that tonight's new or
changed postings touch (warehouse/load.py), so re-posts are found across nights at the cost of the delta.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from transforms.postings import Posting
from transforms.skills.taxonomy import fold

SIMILARITY_THRESHOLD = 0.6
REPOST_WINDOW = timedelta(days=60)
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = _WORD.findall(fold(text))
    return {tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def repost_key(title: str | None, employer: str | None, department: str | None) -> str:
    return "|".join((fold(title or "").strip(), fold(employer or "").strip(), department or ""))


@dataclass(frozen=True)
class RepostCandidate:
    posting_id: str
    key: str
    description: str
    created_at: datetime | None


def _close_in_time(a: RepostCandidate, b: RepostCandidate) -> bool:
    return a.created_at is None or b.created_at is None or abs(a.created_at - b.created_at) <= REPOST_WINDOW


def group_reposts(candidates: Iterable[RepostCandidate]) -> dict[str, str]:
    """posting_id → its group (the smallest posting id of its connected component)."""
    buckets: dict[str, list[RepostCandidate]] = defaultdict(list)
    for candidate in candidates:
        buckets[candidate.key].append(candidate)
    parent = {c.posting_id: c.posting_id for bucket in buckets.values() for c in bucket}

    def root(member: str) -> str:
        while parent[member] != member:
            parent[member] = parent[parent[member]]  # path halving
            member = parent[member]
        return member

    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        grams = {c.posting_id: shingles(c.description) for c in bucket}
        ordered = sorted(bucket, key=lambda c: c.posting_id)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                if _close_in_time(first, second) and jaccard(grams[first.posting_id], grams[second.posting_id]) >= SIMILARITY_THRESHOLD:
                    a, b = root(first.posting_id), root(second.posting_id)
                    if a != b:
                        parent[max(a, b)] = min(a, b)  # the smallest id stays the root
    return {member: root(member) for member in parent}


def duplicate_groups(postings: list[Posting]) -> dict[str, str]:
    """The groups of postings held in memory (one night's batch)."""
    return group_reposts(
        RepostCandidate(p.posting_id, repost_key(p.title, p.employer, p.department), p.description or "", p.created_at)
        for p in postings
    )
