"""Clean records → pandas DataFrames shaped like the warehouse landing tables (validated, then loaded)."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

import pandas as pd

from transforms.deduplicate import RepostCandidate
from transforms.extract_skills import MentionRow
from transforms.postings import Posting
from transforms.skills.taxonomy import Taxonomy
from transforms.trainings import Training


def _shallow(record: Any, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """A flat dataclass's fields as a dict, without `asdict`'s deep copy of every nested list (a third of the
    cost of framing a chunk's postings and mentions)."""
    return {f.name: getattr(record, f.name) for f in fields(record) if f.name not in leave_out}


def postings_frame(postings: list[Posting], duplicate_group: dict[str, str], candidates: list[RepostCandidate]) -> pd.DataFrame:
    """One row per posting, with its re-post group, key, LSH buckets and 3-gram hashes (transforms/deduplicate.py):
    the load compares tonight's postings with the warehouse's without computing them again."""
    rows = [
        _shallow(p, ("structured_skills", "fetched_at"))
        | {"duplicate_group": duplicate_group.get(p.posting_id, p.posting_id), "repost_key": c.key,
           "lsh_buckets": list(c.buckets), "shingle_hashes": c.grams}
        for p, c in zip(postings, candidates, strict=True)
    ]
    frame = pd.DataFrame(rows, columns=[*Posting.__dataclass_fields__, "duplicate_group", "repost_key", "lsh_buckets", "shingle_hashes"])
    return frame.drop(columns=["structured_skills", "fetched_at"])


NESTED_TRAINING_FIELDS = ("sessions", "partners")  # landed as JSON text, unnested by the staging models


def trainings_frame(trainings: list[Training]) -> pd.DataFrame:
    rows = [{k: (json.dumps(v, ensure_ascii=False, default=str) if k in NESTED_TRAINING_FIELDS else v)
             for k, v in asdict(t).items() if k not in ("units", "fetched_at")} | {"unit_count": len(t.units)} for t in trainings]
    columns = [c for c in Training.__dataclass_fields__ if c not in ("units", "fetched_at")] + ["unit_count"]
    return pd.DataFrame(rows, columns=columns)


def training_units_frame(trainings: list[Training]) -> pd.DataFrame:
    rows = [{"training_id": t.training_id} | asdict(u) for t in trainings for u in t.units]
    return pd.DataFrame(rows, columns=["training_id", "unit_id", "kind", "label", "text"])


def mentions_frame(mentions: list[MentionRow]) -> pd.DataFrame:
    columns = list(MentionRow.__dataclass_fields__)
    frame = pd.DataFrame([[getattr(m, c) for c in columns] for m in mentions], columns=columns)
    return frame.rename(columns={"start": "start_offset", "end": "end_offset"})


def taxonomy_frames(taxonomy: Taxonomy) -> tuple[pd.DataFrame, pd.DataFrame]:
    concepts = [
        {"concept_id": a.id, "level": "area", "label_fr": a.fr, "label_en": a.en, "category": None, "esco_uri": None, "rome_codes": []}
        for a in taxonomy.areas
    ] + [
        {"concept_id": s.id, "level": "skill", "label_fr": s.fr, "label_en": s.en, "category": s.category,
         "esco_uri": s.esco, "rome_codes": list(s.rome)}
        for s in taxonomy.skills
    ]
    links = [{"skill_id": s.id, "area_id": a, "weight": s.area_weight()} for s in taxonomy.skills for a in s.areas]
    return pd.DataFrame(concepts), pd.DataFrame(links, columns=["skill_id", "area_id", "weight"])
