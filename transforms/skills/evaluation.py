"""Measure the extractor against hand-annotated gold sets (precision, recall, F1).

Gold files hold only ids, offsets and short mention strings; the texts are read from the public samples
they were annotated on and checked against the recorded SHA-1, so a changed sample cannot silently
shift the offsets.

Two matchings are reported for named skills: strict (same start and end) and overlap (one-to-one pairing
of overlapping spans: "Java" found where the gold says "Java 17" counts). The CI threshold uses overlap.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GoldDocument:
    id: str
    text: str
    spans: tuple[tuple[int, int], ...]
    levels: tuple[str, ...] = ()  # required / wished, one per span


@dataclass(frozen=True)
class Scores:
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} (tp={self.true_positives} pred={self.predicted} gold={self.gold})"


def _texts_of(samples: Path, source: str) -> dict[str, str]:
    path = samples / source
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return {str(r["offer_id"]): r.get("description") or "" for r in rows}
    data = json.loads(path.read_text(encoding="utf-8"))
    offers = data["resultats"] if isinstance(data, dict) else data
    return {str(o["id"]): o.get("description") or "" for o in offers}


def load_gold_postings(gold_file: Path, samples: Path) -> list[GoldDocument]:
    lines = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts: dict[str, dict[str, str]] = {}
    documents = []
    for line in lines:
        source_texts = texts.setdefault(line["source"], _texts_of(samples, line["source"]))
        text = source_texts[line["id"]]
        if hashlib.sha1(text.encode()).hexdigest() != line["text_sha1"]:
            raise ValueError(f"sample text of {line['id']} changed since it was annotated")
        spans = tuple((m["start"], m["end"]) for m in line["mentions"])
        documents.append(GoldDocument(line["id"], text, spans, tuple(m.get("level", "required") for m in line["mentions"])))
    return documents


def strict_matches(gold: Iterable[tuple[int, int]], predicted: Iterable[tuple[int, int]]) -> int:
    return len(set(gold) & set(predicted))


def overlap_matches(gold: Iterable[tuple[int, int]], predicted: Iterable[tuple[int, int]]) -> int:
    """Greedy one-to-one pairing of overlapping spans, in text order."""
    remaining = sorted(set(predicted))
    matched = 0
    for g_start, g_end in sorted(set(gold)):
        for i, (p_start, p_end) in enumerate(remaining):
            if p_start < g_end and g_start < p_end:
                matched += 1
                del remaining[i]
                break
    return matched


def score(documents: list[GoldDocument], predictions: list[list[tuple[int, int]]], strict: bool = False) -> Scores:
    match = strict_matches if strict else overlap_matches
    tp = sum(match(d.spans, p) for d, p in zip(documents, predictions))
    return Scores(tp, sum(len(set(p)) for p in predictions), sum(len(set(d.spans)) for d in documents))


def requirement_agreement(documents: list[GoldDocument], mentions: list[list]) -> Scores:
    """Of the gold mentions found (same start), how many got the gold level (required / wished).

    Reported as a Scores whose precision is the accuracy: true positives = same level, predicted = found."""
    same = found = 0
    for document, predicted in zip(documents, mentions):
        by_start = {m.start: m.requirement for m in predicted}
        for (start, _), level in zip(document.spans, document.levels):
            if start in by_start:
                found += 1
                same += by_start[start] == level
    return Scores(same, found, found)


def score_area_sets(gold: list[set[str]], predicted: list[set[str]]) -> Scores:
    """Per unit (an RNCP bloc), the set of areas taught: micro-averaged over all (unit, area) pairs."""
    tp = sum(len(g & p) for g, p in zip(gold, predicted))
    return Scores(tp, sum(map(len, predicted)), sum(map(len, gold)))


def rncp_units(samples: Path) -> dict[str, str]:
    """bloc code → LIBELLE + LISTE_COMPETENCES, the text the flow analyses for a bloc."""
    from lxml import etree

    root = etree.parse(str(samples / "rncp" / "mcp-rncp_export_fiches_RNCP_fixture_v4.1.xml")).getroot()
    return {
        bloc.findtext("CODE"): "\n".join(filter(None, [bloc.findtext("LIBELLE"), bloc.findtext("LISTE_COMPETENCES")]))
        for bloc in root.iterfind("FICHE/BLOCS_COMPETENCES/BLOC_COMPETENCES")  # not the CORRESPONDANCES ones
        if bloc.findtext("CODE")
    }


def print_disagreements(documents: list[GoldDocument], predicted: list[list[tuple[int, int]]]) -> None:
    for document, spans in zip(documents, predicted):
        missed = [document.text[s:e] for s, e in document.spans if not any(p < e and s < q for p, q in spans)]
        extra = [document.text[s:e] for s, e in spans if not any(p < e and s < q for p, q in document.spans)]
        if missed or extra:
            print(f"{document.id}: missed {missed} | extra {extra}")


def evaluate(extractor, gold_dir: Path, samples: Path, show_errors: bool = False) -> dict[str, Scores]:
    """Score the extractor on both gold sets; optionally print every disagreement."""
    documents = load_gold_postings(gold_dir / "postings_gold.jsonl", samples)
    mentions = [[m for m in found if m.kind == "skill"] for found in extractor.extract(d.text for d in documents)]
    predicted = [[(m.start, m.end) for m in found] for found in mentions]
    results = {"postings_overlap": score(documents, predicted), "postings_strict": score(documents, predicted, strict=True)}
    results["requirement_accuracy"] = requirement_agreement(documents, mentions)
    heldout = load_gold_postings(gold_dir / "postings_heldout.jsonl", samples)
    found = [[(m.start, m.end) for m in ms if m.kind == "skill"] for ms in extractor.extract(d.text for d in heldout)]
    results["heldout_overlap"] = score(heldout, found)
    results["heldout_strict"] = score(heldout, found, strict=True)
    gold_blocs = [json.loads(line) for line in (gold_dir / "rncp_bloc_areas.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = rncp_units(samples)
    found = [{a for m in mentions for a in m.areas} for mentions in extractor.extract(texts[b["bloc"]] for b in gold_blocs)]
    results["rncp_areas"] = score_area_sets([set(b["areas"]) for b in gold_blocs], found)
    if show_errors:
        print_disagreements(documents, predicted)
        for bloc, areas in zip(gold_blocs, found):
            if set(bloc["areas"]) != areas:
                print(f"{bloc['bloc']}: missed {sorted(set(bloc['areas']) - areas)} | extra {sorted(areas - set(bloc['areas']))}")
    return results


@dataclass(frozen=True)
class Interval:
    value: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"


@dataclass(frozen=True)
class ScoresWithIntervals:
    scores: Scores
    precision: Interval
    recall: Interval
    f1: Interval
    documents: int

    def __str__(self) -> str:
        s = self.scores
        return (f"P={self.precision} R={self.recall} F1={self.f1} "
                f"(postings={self.documents} tp={s.true_positives} pred={s.predicted} gold={s.gold})")


def bootstrap(per_document: list[tuple[int, int, int]], resamples: int = 2000, seed: int = 20261203) -> ScoresWithIntervals:
    """P/R/F1 with 95 % percentile intervals from resampling postings (mentions of one posting are not
    independent: the posting is the unit drawn). per_document: (true positives, predicted, gold) per posting."""
    import random

    rng = random.Random(seed)
    total = Scores(*(sum(x[i] for x in per_document) for i in range(3)))
    samples: list[Scores] = []
    for _ in range(resamples):
        drawn = [per_document[rng.randrange(len(per_document))] for _ in per_document]
        samples.append(Scores(*(sum(x[i] for x in drawn) for i in range(3))))

    def interval(value: float, values: list[float]) -> Interval:
        values = sorted(values)
        return Interval(value, values[int(0.025 * len(values))], values[min(len(values) - 1, int(0.975 * len(values)))])

    return ScoresWithIntervals(
        total,
        interval(total.precision, [s.precision for s in samples]),
        interval(total.recall, [s.recall for s in samples]),
        interval(total.f1, [s.f1 for s in samples]),
        len(per_document),
    )


def evaluate_blind(extractor, gold_file: Path, samples: Path, show_errors: bool = False) -> dict[str, ScoresWithIntervals]:
    """Named skills on the blind gold set (tests/gold/BLIND_SET.md), overlap matching, overall, per category
    (ROME stratum) and per source; also strict spans, and the job's demands without the employer's presentation
    (gold mentions marked company_presentation and the predictions overlapping them left out).

    Overlap matching counts a mention the extractor finds inside glued text ("Linux" in "LinuxHardware"): the
    extractor's offsets point into the text as given, whatever the tokens."""
    rows = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    documents = load_gold_postings(gold_file, samples)
    predicted = [[(m.start, m.end) for m in found if m.kind == "skill"] for found in extractor.extract(d.text for d in documents)]
    per_document = {}
    for strict in (False, True):
        match = strict_matches if strict else overlap_matches
        per_document["strict" if strict else "overlap"] = [
            (match(d.spans, p), len(set(p)), len(set(d.spans))) for d, p in zip(documents, predicted)
        ]
    demands = []
    for row, document, spans in zip(rows, documents, predicted):
        presentation = [(m["start"], m["end"]) for m in row["mentions"] if m.get("company_presentation")]
        gold = [s for s in document.spans if s not in presentation]
        kept = [p for p in spans if not any(p[0] < e and s < p[1] for s, e in presentation)]
        demands.append((overlap_matches(gold, kept), len(set(kept)), len(set(gold))))
    results = {"all (overlap)": bootstrap(per_document["overlap"]), "all (strict spans)": bootstrap(per_document["strict"]),
               "job demands only (overlap)": bootstrap(demands)}
    for key in ("category", "source"):
        for value in sorted({row.get(key, "none") for row in rows}):
            chosen = [x for row, x in zip(rows, per_document["overlap"]) if row.get(key, "none") == value]
            results[f"{key} {value.split('/')[-1]}"] = bootstrap(chosen)
    if show_errors:
        print_disagreements(documents, predicted)
    return results
