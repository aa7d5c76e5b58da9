"""Precision and recall of re-post detection on labelled pairs of real France Travail offers.

The pairs (tests/gold/repost_pairs.jsonl) were drawn from the 3,197 real offers of ../shared/samples: pairs
sharing a re-post key, pairs sharing an LSH bucket under another key, and random pairs of one occupation and
commune; each was labelled "same" (one vacancy published twice) or "different" by a reader who saw the two
offers and no score. The file holds ids and labels only: the offers are read from ../shared/samples.

Two measures: the decision on the pair alone (`is_repost`), and the groups found over all 3,197 offers at
once (what the warehouse does: a pair can also be joined through a third offer).

    .venv/bin/python benchmarks/repost_quality.py
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.corpus import SAMPLES, real_offers
from transforms.deduplicate import as_candidate, group_reposts, is_repost, shingle_hashes, similarity
from transforms.postings import parse_offers

GOLD = REPO / "tests" / "gold" / "repost_pairs.jsonl"


def read_gold(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def candidates_of_samples() -> dict:
    records = [{"source": "france_travail", "record_id": o["id"], "payload": o, "fetched_at": "2026-11-28T02:00:00+00:00"}
               for o in real_offers()]
    postings, _ = parse_offers(records)
    return {p.posting_id: as_candidate(p) for p in postings}


def scores(labels: list[tuple[str, bool]]) -> dict[str, float | int]:
    """labels: (gold label, predicted same) for pairs labelled same or different."""
    counts = Counter((gold, predicted) for gold, predicted in labels)
    tp, fp, fn = counts[("same", True)], counts[("different", True)], counts[("same", False)]
    return {"pairs": len(labels), "true_pos": tp, "false_pos": fp, "false_neg": fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else float("nan"),
            "recall": round(tp / (tp + fn), 3) if tp + fn else float("nan")}


TUNING_PAIRS = range(93)  # the rule and thresholds were chosen on these; pairs 93–184 are held out


def evaluate(gold: list[dict], candidates: dict) -> dict[str, dict]:
    judged = [g for g in gold if g["label"] in ("same", "different") and g["a"] in candidates and g["b"] in candidates]
    decided = {}
    for g in judged:
        a, b = candidates[g["a"]], candidates[g["b"]]
        decided[g["pair"]] = is_repost(a, b, similarity(shingle_hashes(a.description), shingle_hashes(b.description)))
    groups = group_reposts(candidates.values())
    held_out = [g for g in judged if g["pair"] not in TUNING_PAIRS]
    return {
        "pair decision, tuning pairs": scores([(g["label"], decided[g["pair"]]) for g in judged if g["pair"] in TUNING_PAIRS]),
        "pair decision, held-out pairs": scores([(g["label"], decided[g["pair"]]) for g in held_out]),
        "pair decision, all pairs": scores([(g["label"], decided[g["pair"]]) for g in judged]),
        "groups over all offers, held-out pairs": scores([(g["label"], groups[g["a"]] == groups[g["b"]]) for g in held_out]),
        "groups over all offers, all pairs": scores([(g["label"], groups[g["a"]] == groups[g["b"]]) for g in judged]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    options = parser.parse_args()
    if not SAMPLES.is_dir():
        raise SystemExit(f"{SAMPLES} is missing: the labelled pairs refer to the real offers kept there")
    results = evaluate(read_gold(options.gold), candidates_of_samples())
    print("| measure | pairs | true pos. | false pos. | false neg. | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    for name, s in results.items():
        print(f"| {name} | {s['pairs']} | {s['true_pos']} | {s['false_pos']} | {s['false_neg']} | {s['precision']} | {s['recall']} |")


if __name__ == "__main__":
    main()
