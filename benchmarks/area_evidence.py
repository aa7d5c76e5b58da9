"""Which rule for "this document belongs to an area" agrees best with the hand-annotated RNCP blocs.

    .venv/bin/python benchmarks/area_evidence.py

On the 53 real RNCP blocs of tests/gold/rncp_bloc_areas.jsonl (annotated blind, tests/gold/RNCP_AREAS_GUIDELINES.md),
compares three rules: areas named directly only; the former rule (every area of every named skill found); the
warehouse's rule (named directly, or skills weighing at least `area_skill_weight`: warehouse/dbt_project.yml,
weights from transforms/skills/taxonomy.py `Skill.area_weight`). Prints precision, recall and F1 of (bloc, area) pairs.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from transforms.skills.evaluation import Scores, rncp_units, score_area_sets
from transforms.skills.extractor import SkillExtractor
from transforms.skills.mentions import AREA, Mention
from transforms.skills.taxonomy import Taxonomy

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples"
GOLD = REPO / "tests" / "gold" / "rncp_bloc_areas.jsonl"


def area_skill_weight() -> float:
    """The threshold as the warehouse uses it (warehouse/dbt_project.yml `vars`)."""
    return float(yaml.safe_load((REPO / "warehouse" / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]["area_skill_weight"])


def named_areas(mentions: list[Mention]) -> set[str]:
    return {m.concept_id for m in mentions if m.kind == AREA}


def every_skill_area(mentions: list[Mention]) -> set[str]:
    return {a for m in mentions for a in m.areas}


def weighted_areas(mentions: list[Mention], taxonomy: Taxonomy, threshold: float) -> set[str]:
    """Named directly, or the distinct skills of the area weigh at least `threshold` (the SQL of
    warehouse/models/core/training_skills.sql and posting_skills.sql, for one document)."""
    weights: dict[str, float] = {}
    for skill_id in {m.concept_id for m in mentions if m.kind != AREA}:
        skill = taxonomy.by_id[skill_id]
        for area in skill.areas:
            weights[area] = weights.get(area, 0.0) + skill.area_weight()
    return named_areas(mentions) | {area for area, weight in weights.items() if weight >= threshold - 1e-9}


def compare(extractor: SkillExtractor, gold_file: Path = GOLD, samples: Path = SAMPLES) -> dict[str, Scores]:
    blocs = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = rncp_units(samples)
    found = list(extractor.extract(texts[b["bloc"]] for b in blocs))
    gold = [set(b["areas"]) for b in blocs]
    threshold = area_skill_weight()
    return {
        "named directly only": score_area_sets(gold, [named_areas(m) for m in found]),
        "every skill's areas (former)": score_area_sets(gold, [every_skill_area(m) for m in found]),
        "weighted skills (warehouse)": score_area_sets(gold, [weighted_areas(m, extractor.taxonomy, threshold) for m in found]),
    }


def main() -> None:
    if not SAMPLES.is_dir():
        raise SystemExit(f"the RNCP blocs are read from {SAMPLES}, which is absent")
    for rule, scores in compare(SkillExtractor()).items():
        print(f"{rule:30} {scores}")


if __name__ == "__main__":
    main()
