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
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from transforms.postings import Posting
from transforms.skills.taxonomy import fold

SIMILARITY_THRESHOLD = 0.6
REPOST_WINDOW = timedelta(days=60)
_WORD = re.compile(r"\w+")


def _ascii_words(text: str) -> list[str]:
    """Lower-case words without accents (characters with no ASCII form dropped): 4× cheaper than `fold`
    on long descriptions, and only ever compared with itself."""
    return _WORD.findall(unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii"))


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = _ascii_words(text)
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


def group_reposts(candidates: Iterable[RepostCandidate], fresh: set[str] | None = None,
                  known: dict[str, str] | None = None) -> dict[str, str]:
    """posting_id → its group (the smallest posting id of its connected component).

    `fresh`: the postings to compare (tonight's new or changed ones; default: all). Pairs of two postings that
    are not fresh were compared on an earlier night: their `known` groups are kept as they are, so a night
    costs (fresh postings × postings of their keys), not the square of the warehouse.
    """
    buckets: dict[str, list[RepostCandidate]] = defaultdict(list)
    for candidate in candidates:
        buckets[candidate.key].append(candidate)
    parent = {c.posting_id: c.posting_id for bucket in buckets.values() for c in bucket}

    def root(member: str) -> str:
        while parent[member] != member:
            parent[member] = parent[parent[member]]  # path halving
            member = parent[member]
        return member

    def union(a: str, b: str) -> None:
        a, b = root(a), root(b)
        if a != b:
            parent[max(a, b)] = min(a, b)  # the smallest id stays the root

    settled: dict[str, str] = {}
    for posting_id, group in (known or {}).items():  # earlier nights' groups of postings not compared again
        if posting_id in parent and (fresh is None or posting_id not in fresh):
            if group in settled:
                union(posting_id, settled[group])
            settled.setdefault(group, posting_id)
    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        grams = {c.posting_id: shingles(c.description) for c in bucket}
        ordered = sorted(bucket, key=lambda c: len(grams[c.posting_id]))
        for i, first in enumerate(ordered):
            size = len(grams[first.posting_id])
            for second in ordered[i + 1 :]:
                if len(grams[second.posting_id]) * SIMILARITY_THRESHOLD > size:
                    break  # sorted by size: every later set is too large to reach the threshold
                if fresh is not None and first.posting_id not in fresh and second.posting_id not in fresh:
                    continue
                if _close_in_time(first, second) and jaccard(grams[first.posting_id], grams[second.posting_id]) >= SIMILARITY_THRESHOLD:
                    union(first.posting_id, second.posting_id)
    return {member: root(member) for member in parent}


def duplicate_groups(postings: list[Posting]) -> dict[str, str]:
    """The groups of postings held in memory (one night's batch)."""
    return group_reposts(
        RepostCandidate(p.posting_id, repost_key(p.title, p.employer, p.department), p.description or "", p.created_at)
        for p in postings
    )
