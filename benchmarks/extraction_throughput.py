"""Extraction throughput, side by side with spaCy's tokenizer-only `nlp.pipe`, on one core.

Both run in this process on the same texts, interleaved (tokenizer, extraction, tokenizer, ...), timed in
CPU time of the process (a virtual machine's stolen time does not count), best of --repeat each; the figure
that matters is the ratio (extraction / tokenizer-only), which does not depend on the machine. Texts: the real France
Travail offers of ../shared/samples when present, else the bundled sample offers.

    .venv/bin/python benchmarks/extraction_throughput.py [--repeat 3] [--scales 100,1000,all]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

import spacy

from transforms.skills.extractor import MODEL, STATISTICAL_COMPONENTS, SkillExtractor

REPO = Path(__file__).resolve().parent.parent
REAL = REPO.parent / "shared" / "samples" / "france_travail" / "derived_ft_M18_all_unique_offres.json"
BUNDLED = REPO / "sample_sources" / "france_travail" / "offres.json"


def load_texts() -> tuple[list[str], str]:
    path = REAL if REAL.exists() else BUNDLED
    offers = json.loads(path.read_text(encoding="utf-8"))["resultats"]
    return [o.get("description") or "" for o in offers], path.name


def cpu_seconds(run) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def interleaved_best(first, second, repeat: int) -> tuple[float, float]:
    """Best CPU time of each of two runs, alternated so that both see the same machine conditions."""
    timings = [(cpu_seconds(first), cpu_seconds(second)) for _ in range(repeat)]
    return min(t[0] for t in timings), min(t[1] for t in timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scales", default="100,1000,all")
    options = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    texts, origin = load_texts()
    tokenizer_only = spacy.load(MODEL, exclude=STATISTICAL_COMPONENTS)
    extractor = SkillExtractor()
    list(extractor.extract(texts[:200]))  # warm both: lexemes, stem caches
    list(tokenizer_only.pipe(texts[:200]))
    print(f"texts: {origin} ({len(texts)} postings); one core; CPU time, best of {options.repeat} interleaved runs")
    print(f"{'postings':>9} {'words':>9} | {'tokenizer words/s':>18} {'extract words/s':>16} {'extract postings/s':>19} | ratio")
    for scale in options.scales.split(","):
        sample = texts if scale == "all" else (texts * (int(scale) // len(texts) + 1))[: int(scale)]
        words = sum(len(doc) for doc in tokenizer_only.pipe(sample))
        tokenize, extract = interleaved_best(
            lambda s=sample: [d for d in tokenizer_only.pipe(s, batch_size=128)],
            lambda s=sample: [m for m in extractor.extract(s)],
            options.repeat,
        )
        print(f"{len(sample):>9} {words:>9} | {words / tokenize:>18,.0f} {words / extract:>16,.0f} {len(sample) / extract:>19,.1f} | "
              f"{tokenize / extract:.2f}")
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
