"""How much of the technical vocabulary of real corpora the taxonomy explains, and what it misses.

A corpus-level measure that no gold set can flatter: in every posting of ../shared/samples (2,381 IT offers,
980 DBA offers, 749 normalised data offers), each *technical-looking* word occurrence (an acronym, a
camelCase or dotted name, letters mixed with digits, or a capitalised word that the corpus never writes in
lower case) is *explained* when it lies inside a skill mention the extractor finds. The coverage is the share
of occurrences explained; the unexplained ones, counted by postings, are the candidates to review for the
taxonomy (`--misses N`). ROME 4.0 savoirs flagged `transition_num` and ESCO skills naming a product are
reported as the share of labels in which the extractor finds a skill.

    .venv/bin/python benchmarks/taxonomy_coverage.py [--misses 150] [--taxonomy DIR]

Candidates are a list to read, not to copy: common words written in capitals, employers' and places' names
come out too.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

from transforms.skills.extractor import SkillExtractor

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples"
POSTINGS = {
    "IT offers": ("france_travail/derived_ft_M18_all_unique_offres.json", "resultats"),
    "DBA offers": ("france_travail/ft_offres_489091_Database_Administrator__980_offres.json", None),
    "normalised data offers": ("job_datasets/radar-nlp_france_travail_normalized.jsonl", None),
}
WORD = re.compile(r"(?<![\w.])[A-Za-zÀ-ÿ][\w+#.-]*[\w+#]|(?<![\w.])[A-Z]\b")
ACRONYM = re.compile(r"^[A-Z][A-Z0-9+#&]{1,9}s?$")
INNER_CAPITAL = re.compile(r"[a-z][A-Z]|[A-Za-z][0-9]|[0-9][A-Za-z]|\.[a-zA-Z]")


def postings(name: str) -> list[str]:
    path, key = POSTINGS[name]
    file = SAMPLES / path
    if file.suffix == ".jsonl":
        rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        data = json.loads(file.read_text(encoding="utf-8"))
        rows = data[key] if key else data
    return [r.get("description") or "" for r in rows]


def technical_words(texts: list[str]) -> list[list[re.Match]]:
    """Technical-looking words of each text. A capitalised word counts when the corpus never writes it in
    lower case (a product name), an acronym when its lower-case form is rarer than it (not a shouted word)."""
    found = [list(WORD.finditer(t)) for t in texts]
    forms = Counter(m.group() for ms in found for m in ms)
    lower = Counter({f: n for f, n in forms.items() if f.islower()})

    def technical(word: str) -> bool:
        if INNER_CAPITAL.search(word):
            return True
        if ACRONYM.match(word):
            return len(word) > 1 and lower[word.lower()] < forms[word]
        return word[0].isupper() and word[1:].islower() and len(word) > 3 and lower[word.lower()] == 0 and forms[word] >= 3

    return [[m for m in ms if technical(m.group())] for ms in found]


def coverage(extractor: SkillExtractor, texts: list[str]) -> tuple[int, int, Counter, Counter]:
    words = technical_words(texts)
    explained = total = 0
    missed: Counter = Counter()
    missed_docs: Counter = Counter()
    for text_words, mentions in zip(words, extractor.extract(texts)):
        spans = [(m.start, m.end) for m in mentions if m.kind == "skill"]
        doc_missed = set()
        for m in text_words:
            total += 1
            if any(s < m.end() and m.start() < e for s, e in spans):
                explained += 1
            else:
                missed[m.group()] += 1
                doc_missed.add(m.group())
        missed_docs.update(doc_missed)
    return explained, total, missed, missed_docs


def rome_digital_savoirs() -> list[str]:
    path = SAMPLES / "taxonomies" / "rome" / "unix_referentiel_savoir_v460_utf8.csv"
    with path.open(encoding="utf-8") as f:
        return [r["libelle_savoir"] for r in csv.DictReader(f) if r["transition_num"] == "O"]


def esco_product_skills() -> list[str]:
    """ESCO skills whose label names a product or language: an inner capital or an acronym in the label."""
    path = SAMPLES / "taxonomies" / "esco" / "skills_fr.csv"
    with path.open(encoding="utf-8") as f:
        labels = [r["preferredLabel"] for r in csv.DictReader(f)]
    return [label for label in labels if any(INNER_CAPITAL.search(w) or ACRONYM.match(w) for w in label.split())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", type=int, default=0, help="list the N most frequent unexplained words")
    parser.add_argument("--taxonomy", type=Path, default=None)
    options = parser.parse_args()
    if not SAMPLES.is_dir():
        raise SystemExit(f"the corpora are read from {SAMPLES}, which is absent")
    extractor = SkillExtractor(options.taxonomy)
    all_missed: Counter = Counter()
    all_docs: Counter = Counter()
    for name in POSTINGS:
        texts = postings(name)
        explained, total, missed, docs = coverage(extractor, texts)
        all_missed.update(missed)
        all_docs.update(docs)
        print(f"{name:24} {len(texts):>5} postings  technical words explained {explained}/{total} = {explained / total:.3f}")
    for name, labels in (("ROME savoirs (num)", rome_digital_savoirs()), ("ESCO product skills", esco_product_skills())):
        with_skill = sum(1 for mentions in extractor.extract(labels) if any(m.kind == "skill" for m in mentions))
        print(f"{name:24} {len(labels):>5} labels    with a skill found {with_skill}/{len(labels)} = {with_skill / len(labels):.3f}")
    if options.misses:
        print("\nmost frequent unexplained words (postings, occurrences):")
        for word, n in all_docs.most_common(options.misses):
            print(f"  {word:30} {n:>5} {all_missed[word]:>6}")


if __name__ == "__main__":
    main()
