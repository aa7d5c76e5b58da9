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


def shingle_hashes(text: str) -> np.ndarray:
    """The description's word 3-grams, as sorted unique crc32 values (a few hundred 4-byte values a posting)."""
    words = _ascii_words(text)
    grams = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    return np.unique(np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint32, count=len(grams)))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two descriptions' 3-grams."""
    if not a.size and not b.size:
        return 1.0
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / (a.size + b.size - common)


def repost_key(title: str | None, employer: str | None, place: str | None) -> str:
    """title | employer | place (commune code, else city, else department), folded."""
    return "|".join((fold(title or "").strip(), fold(employer or "").strip(), (place or "").strip().upper()))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=BANDS * ROWS, seed=1).permutations


def text_buckets(grams: np.ndarray) -> list[int]:
    """The LSH buckets of a description's 3-grams (shingle_hashes): one signed 64-bit id per band of its MinHash
    signature. Stable across processes and runs (crc32 shingles, fixed permutations, blake2b of each band)."""
    signature = MinHash(num_perm=BANDS * ROWS, hashfunc=int, permutations=_permutations(), scheme="affine32")
    signature.update_batch(grams.tolist())
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
    grams: np.ndarray | None = field(default=None, compare=False)  # shingle_hashes(description), when known


def _close_in_time(a: RepostCandidate, b: RepostCandidate) -> bool:
    return a.created_at is None or b.created_at is None or abs(a.created_at - b.created_at) <= REPOST_WINDOW


class _Shingles(dict):
    """Each candidate's 3-gram hashes, computed when first compared."""

    def __init__(self, candidates: dict[str, RepostCandidate]):
        super().__init__()
        self.candidates = candidates

    def __missing__(self, posting_id: str) -> np.ndarray:
        candidate = self.candidates[posting_id]
        self[posting_id] = grams = candidate.grams if candidate.grams is not None else shingle_hashes(candidate.description)
        return grams


@lru_cache(maxsize=65536)
def _key_parts(key: str | None) -> tuple[str, str, str]:
    title, employer, place = ((key or "").split("|") + ["", "", ""])[:3]
    return title, employer, place


def required_similarity(a: RepostCandidate, b: RepostCandidate) -> float | None:
    """How alike two candidates' descriptions must be to be one job; None when they cannot be (created more
    than 60 days apart, at two places, or by two named employers, however alike their texts)."""
    title_a, employer_a, place_a = _key_parts(a.key)
    title_b, employer_b, place_b = _key_parts(b.key)
    if not _close_in_time(a, b) or place_a != place_b or (employer_a and employer_b and employer_a != employer_b):
        return None
    return TITLE_SIMILARITY if title_a and title_a == title_b else TEXT_SIMILARITY


def is_repost(a: RepostCandidate, b: RepostCandidate, alike: float) -> bool:
    """The decision on a candidate pair, given the Jaccard similarity of their descriptions."""
    required = required_similarity(a, b)
    return required is not None and alike >= required


def group_reposts(candidates: Iterable[RepostCandidate], fresh: set[str] | None = None,
                  known: dict[str, str] | None = None) -> dict[str, str]:
    """posting_id → its group (the smallest posting id of its connected component).

    `fresh`: the postings to compare (tonight's new or changed ones; default: all). Each is compared with the
    postings sharing its re-post key or one of its LSH buckets. Pairs of two postings that are not fresh were
    compared on an earlier night: their `known` groups are kept as they are, so a night costs (fresh postings
    × their candidates), not the square of the warehouse.
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
    sharing: dict[object, list[str]] = defaultdict(list)
    for c in by_id.values():
        for place in _places(c):
            sharing[place].append(c.posting_id)
    grams = _Shingles(by_id)
    is_fresh = (lambda _: True) if fresh is None else fresh.__contains__
    for new in sorted(p for p in by_id if is_fresh(p)):
        neighbours = {other for place in _places(by_id[new]) for other in sharing[place]}
        for other in sorted(neighbours):
            if other == new or (other < new and is_fresh(other)) or root(other) == root(new):
                continue  # itself; a fresh pair compared from its other side; already one job
            required = required_similarity(by_id[new], by_id[other])
            if required is not None and similarity(grams[new], grams[other]) >= required:
                union(new, other)
    return {member: root(member) for member in parent}


def _places(candidate: RepostCandidate) -> list[object]:
    """Where a candidate's possible re-posts are: its key, and its buckets at its place (a re-post is at the
    same place, so texts alike elsewhere are not even looked at)."""
    place = _key_parts(candidate.key)[2]
    return ([("key", candidate.key)] if candidate.key else []) + [("bucket", place, b) for b in candidate.buckets]


def posting_place(posting: Posting) -> str | None:
    return posting.commune_code or posting.city or posting.department


def as_candidate(posting: Posting) -> RepostCandidate:
    description = posting.description or ""
    grams = shingle_hashes(description)
    return RepostCandidate(posting.posting_id, repost_key(posting.title, posting.employer, posting_place(posting)),
                           description, posting.created_at, posting.department, tuple(text_buckets(grams)), grams)


def duplicate_groups(postings: list[Posting]) -> dict[str, str]:
    """The groups of postings held in memory."""
    return group_reposts(as_candidate(p) for p in postings)
