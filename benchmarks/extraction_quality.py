"""Extraction quality on the hand-annotated gold sets (tests/gold/), read against ../shared/samples.

    .venv/bin/python benchmarks/extraction_quality.py [--errors]
    .venv/bin/python benchmarks/extraction_quality.py --blind [blind2|blind3] [--errors]

--blind scores a blind gold set (tests/gold/postings_blind.jsonl, BLIND_SET.md; `--blind blind2`:
postings_blind2.jsonl, BLIND_SET2.md; `--blind blind3`: postings_blind3.jsonl, BLIND_SET3.md: postings nobody
tuned on) with 95 % intervals (bootstrap over postings), per category (ROME stratum) and per source.

Prints precision/recall/F1 of named-skill mentions on real postings (overlap and strict matching) and of
competence areas on the blocs of real RNCP fiches. The same figures gate CI (tests/transforms/skills/).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.select_blind_postings import BLIND_SETS
from transforms.skills.evaluation import evaluate, evaluate_blind
from transforms.skills.extractor import SkillExtractor

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples"
GOLD = REPO / "tests" / "gold"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list missed and extra mentions")
    parser.add_argument("--blind", nargs="?", const="blind", choices=list(BLIND_SETS),
                        help="score a blind gold set (blind: postings_blind.jsonl, blindN: postings_blindN.jsonl), with intervals")
    options = parser.parse_args()
    if not SAMPLES.is_dir():
        raise SystemExit(f"the gold sets are read against {SAMPLES}, which is absent")
    if options.blind:
        gold = GOLD / BLIND_SETS[options.blind][1]
        for name, scores in evaluate_blind(SkillExtractor(), gold, SAMPLES, options.errors).items():
            print(f"{name:40} {scores}")
        return
    for name, scores in evaluate(SkillExtractor(), GOLD, SAMPLES, options.errors).items():
        print(f"{name:18} {scores}")


if __name__ == "__main__":
    main()
