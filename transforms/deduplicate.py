"""Group re-posted jobs: the same vacancy published again under a new id, tonight or on an earlier night.

Demand is counted per job (group), not per offer, or a recruiter who re-posts every week would weigh four
times. Layers, each cheaper than the next:

1. the same source id is the same posting (the load upserts it);
2. candidates by re-post key, i.e. the same title and place (commune) and employer, after folding case and
   accents;
3. candidates by near-duplicate text: MinHash/LSH buckets of the descriptions' word 3-grams (datasketch;
   BANDS bands of ROWS values: pairs above 0.7 Jaccard share a bucket with probability ≥ 0.98).

A candidate pair is one job when both were created within REPOST_WINDOW (60 days), at the same place, not
by two different named employers, and their descriptions share at least TITLE_SIMILARITY of their word
3-grams under the same title, or TEXT_SIMILARITY under another title. Groups are the connected components
of that relation (union-find), so they do not depend on the order of the postings (a~c, c~d and d~b make
one group of four); a group is named after its smallest posting id. Keys and buckets are kept in the
warehouse, so a night compares its new or changed postings with the postings of their keys and buckets only
(warehouse/load.py): re-posts are found across nights at the cost of the delta.

The rule and thresholds were chosen on 93 labelled pairs of real offers and measured on 92 others
(benchmarks/repost_quality.py; figures in docs/method.md). Same text at another place is another job
(one template per site); different texts or roles under one generic title are other jobs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from transforms.postings import Posting
from transforms.skills.taxonomy import fold

TITLE_SIMILARITY = 0.5
TEXT_SIMILARITY = 0.7
REPOST_WINDOW = timedelta(days=60)
BANDS, ROWS = 15, 4
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


def repost_key(title: str | None, employer: str | None, place: str | None) -> str:
    """title | employer | place (commune code, else city, else department), folded."""
    return "|".join((fold(title or "").strip(), fold(employer or "").strip(), (place or "").strip().upper()))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=BANDS * ROWS, seed=1).permutations


def text_buckets(text: str) -> list[int]:
    """The LSH buckets of a description: one signed 64-bit id per band of its MinHash signature.
    Stable across processes and runs (crc32 of the shingles, fixed permutations, blake2b of each band)."""
    grams = shingles(text)
    signature = MinHash(num_perm=BANDS * ROWS, hashfunc=zlib.crc32, permutations=_permutations(), scheme="affine32")
    signature.update_batch([" ".join(g).encode("utf-8") for g in grams])
    values = signature.hashvalues.astype("<u4")
    return [int.from_bytes(hashlib.blake2b(bytes([band]) + values[band * ROWS:(band + 1) * ROWS].tobytes(),
                                           digest_size=8).digest(), "little", signed=True)
            for band in range(BANDS)]


@dataclass(frozen=True)
class RepostCandidate:
    posting_id: str
    key: str | None  # repost_key(); None for postings loaded before keys existed
    description: str
    created_at: datetime | None
    department: str | None = None
    buckets: tuple[int, ...] = field(default=(), compare=False)


def _close_in_time(a: RepostCandidate, b: RepostCandidate) -> bool:
    return a.created_at is None or b.created_at is None or abs(a.created_at - b.created_at) <= REPOST_WINDOW


class _Shingles(dict):
    def __init__(self, candidates: dict[str, RepostCandidate]):
        super().__init__()
        self.candidates = candidates

    def __missing__(self, posting_id: str) -> set:
        self[posting_id] = grams = shingles(self.candidates[posting_id].description)
        return grams


def _key_parts(key: str | None) -> tuple[str, str, str]:
    title, employer, place = ((key or "").split("|") + ["", "", ""])[:3]
    return title, employer, place


def is_repost(a: RepostCandidate, b: RepostCandidate, similarity: float) -> bool:
    """The decision on a candidate pair, given the Jaccard similarity of their descriptions."""
    title_a, employer_a, place_a = _key_parts(a.key)
    title_b, employer_b, place_b = _key_parts(b.key)
    if not _close_in_time(a, b) or place_a != place_b:
        return False
    if employer_a and employer_b and employer_a != employer_b:
        return False  # two named employers: two jobs, however alike their texts (agency templates)
    return similarity >= (TITLE_SIMILARITY if title_a and title_a == title_b else TEXT_SIMILARITY)


def candidate_pairs(candidates: dict[str, RepostCandidate], fresh: set[str] | None) -> set[tuple[str, str]]:
    """Pairs sharing a re-post key or an LSH bucket; at least one of them fresh."""
    groups: dict[object, list[str]] = defaultdict(list)
    for c in candidates.values():
        if c.key:
            groups[("key", c.key)].append(c.posting_id)
        for bucket in c.buckets:
            groups[("bucket", bucket)].append(c.posting_id)
    pairs = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        members = sorted(set(members))
        news = members if fresh is None else [m for m in members if m in fresh]
        for new in news:
            for other in members:
                if other != new:
                    pairs.add((min(new, other), max(new, other)))
    return pairs


def group_reposts(candidates: Iterable[RepostCandidate], fresh: set[str] | None = None,
                  known: dict[str, str] | None = None) -> dict[str, str]:
    """posting_id → its group (the smallest posting id of its connected component).

    `fresh`: the postings to compare (tonight's new or changed ones; default: all). Pairs of two postings that
    are not fresh were compared on an earlier night: their `known` groups are kept as they are, so a night
    costs (fresh postings × postings of their keys and buckets), not the square of the warehouse.
    """
    by_id = {c.posting_id: c for c in candidates}
    parent = {posting_id: posting_id for posting_id in by_id}

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
    grams = _Shingles(by_id)
    for a, b in sorted(candidate_pairs(by_id, fresh)):
        if root(a) == root(b):
            continue
        if _close_in_time(by_id[a], by_id[b]) and is_repost(by_id[a], by_id[b], jaccard(grams[a], grams[b])):
            union(a, b)
    return {member: root(member) for member in parent}


def posting_place(posting: Posting) -> str | None:
    return posting.commune_code or posting.city or posting.department


def as_candidate(posting: Posting) -> RepostCandidate:
    description = posting.description or ""
    return RepostCandidate(posting.posting_id, repost_key(posting.title, posting.employer, posting_place(posting)),
                           description, posting.created_at, posting.department, tuple(text_buckets(description)))


def duplicate_groups(postings: list[Posting]) -> dict[str, str]:
    """The groups of postings held in memory."""
    return group_reposts(as_candidate(p) for p in postings)
