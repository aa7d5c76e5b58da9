"""Extraction throughput, side by side with spaCy's tokenizer-only `nlp.pipe`, on one core.

Both run in this process on the same texts, interleaved (tokenizer, extraction, tokenizer, ...), timed in
CPU time of the process (a virtual machine's stolen time does not count) with the wall-clock time beside it,
best of --repeat each; the figure that matters is the ratio (extraction / tokenizer-only), which does not depend
on the machine. Then each pipeline's first pass over all the texts, fresh (every word new to it: the extractor stems it). Texts: the real France
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
from transforms.skills.stems import stem

REPO = Path(__file__).resolve().parent.parent
REAL = REPO.parent / "shared" / "samples" / "france_travail" / "derived_ft_M18_all_unique_offres.json"
BUNDLED = REPO / "sample_sources" / "france_travail" / "offres.json"


def load_texts() -> tuple[list[str], str]:
    path = REAL if REAL.exists() else BUNDLED
    offers = json.loads(path.read_text(encoding="utf-8"))["resultats"]
    return [o.get("description") or "" for o in offers], path.name


def seconds(run) -> tuple[float, float]:
    """CPU and wall-clock seconds of one run."""
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    return time.process_time() - cpu, time.perf_counter() - wall


def interleaved_best(first, second, repeat: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Best (CPU, wall) times of each of two runs, alternated so that both see the same machine conditions."""
    timings = [(seconds(first), seconds(second)) for _ in range(repeat)]
    return tuple(tuple(min(t[i][k] for t in timings) for k in (0, 1)) for i in (0, 1))


def first_pass(texts: list[str]) -> None:
    """Each pipeline's first pass over the texts, fresh: every word is new to it (the extractor stems it once,
    then reads its normal form from a per-process cache)."""
    tokenizer_only = spacy.load(MODEL, exclude=STATISTICAL_COMPONENTS)
    fresh = SkillExtractor()
    stem.cache_clear()  # the process-wide stem cache was filled by the runs above
    cpu0, wall0 = seconds(lambda: list(tokenizer_only.pipe(texts, batch_size=128)))
    cpu, wall = seconds(lambda: list(fresh.extract(texts)))
    print(f"first pass, fresh pipelines: tokenizer only CPU {cpu0:.2f} s (wall {wall0:.2f} s), extraction CPU {cpu:.2f} s "
          f"(wall {wall:.2f} s): ratio CPU {cpu0 / cpu:.2f}, wall {wall0 / wall:.2f}")


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
    print(f"texts: {origin} ({len(texts)} postings); one core; best of {options.repeat} interleaved runs, CPU time "
          "(wall-clock beside it)")
    print(f"{'postings':>9} {'words':>9} | {'tokenizer words/s':>18} {'extract words/s':>16} {'extract postings/s':>19} | "
          "ratio CPU | ratio wall")
    for scale in options.scales.split(","):
        sample = texts if scale == "all" else (texts * (int(scale) // len(texts) + 1))[: int(scale)]
        words = sum(len(doc) for doc in tokenizer_only.pipe(sample))
        (tokenize, tokenize_wall), (extract, extract_wall) = interleaved_best(
            lambda s=sample: [d for d in tokenizer_only.pipe(s, batch_size=128)],
            lambda s=sample: [m for m in extractor.extract(s)],
            options.repeat,
        )
        print(f"{len(sample):>9} {words:>9} | {words / tokenize:>18,.0f} {words / extract:>16,.0f} {len(sample) / extract:>19,.1f} | "
              f"{tokenize / extract:9.2f} | {tokenize_wall / extract_wall:10.2f}")
    first_pass(texts)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
