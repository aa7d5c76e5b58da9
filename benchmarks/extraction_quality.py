"""Extraction quality on the hand-annotated gold sets (tests/gold/), read against ../shared/samples.

    .venv/bin/python benchmarks/extraction_quality.py [--errors]

Prints precision/recall/F1 of named-skill mentions on real postings (overlap and strict matching) and of
competence areas on the blocs of real RNCP fiches. The same figures gate CI (tests/transforms/skills/).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from transforms.skills.evaluation import evaluate
from transforms.skills.extractor import SkillExtractor

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples"
GOLD = REPO / "tests" / "gold"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list missed and extra mentions")
    options = parser.parse_args()
    if not SAMPLES.is_dir():
        raise SystemExit(f"the gold sets are read against {SAMPLES}, which is absent")
    for name, scores in evaluate(SkillExtractor(), GOLD, SAMPLES, options.errors).items():
        print(f"{name:18} {scores}")


if __name__ == "__main__":
    main()
