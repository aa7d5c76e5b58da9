"""Draw the blind evaluation set of postings (tests/gold/postings_blind.jsonl), stratified by ROME family.

The blind set is a second hand-annotated gold set for the skill extractor, drawn from the same sample files as
`tests/gold/postings_gold.jsonl` but disjoint from it, from `postings_heldout.jsonl` and from the postings of
`repost_pairs.jsonl` (by id and by text SHA-1). See `tests/gold/BLIND_SET.md` for the method.

    .venv/bin/python benchmarks/select_blind_postings.py            # list the draw (source, id, stratum, romeCode)
    .venv/bin/python benchmarks/select_blind_postings.py --print    # also print each description, for annotation
    .venv/bin/python benchmarks/select_blind_postings.py --check    # verify postings_blind.jsonl against the samples
    .venv/bin/python benchmarks/select_blind_postings.py --set blind2 --print   # the second blind set's draw
    .venv/bin/python benchmarks/select_blind_postings.py --set blind3 --print   # the third blind set's draw
    .venv/bin/python benchmarks/select_blind_postings.py --set blind5 --print   # the fifth blind set's draw

Texts are never written to the repository: only ids, hashes, lengths and offsets are stored.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples"
GOLD = REPO / "tests" / "gold"
# The blind sets, drawn one after the other: each excludes the gold files and every earlier blind set.
BLIND_SETS = {
    "blind": (20261203, "postings_blind.jsonl"),
    "blind2": (20261204, "postings_blind2.jsonl"),
    "blind3": (20261205, "postings_blind3.jsonl"),
    "blind4": (20261206, "postings_blind4.jsonl"),
    "blind5": (20261207, "postings_blind5.jsonl"),
}
MIN_LENGTH = 200
# Two texts whose 5-word shingle sets overlap this much (Jaccard) are the same posting lightly edited.
NEAR_DUPLICATE = 0.5

# The France Travail files of GUIDELINES.md §1 that carry a `romeCode` (the radar-nlp job_datasets file has none,
# so it cannot be stratified and is not drawn from).
SOURCES = [
    "france_travail/derived_ft_M18_occitanie_offres.json",
    "france_travail/derived_ft_2025-11_occitanie_or_M18.json",
    "france_travail/ft_offres_489091_Database_Administrator__980_offres.json",
]
# Every sample file whose ids may appear in the existing gold files, to learn the texts of excluded ids.
ALL_FILES = [
    *SOURCES,
    "france_travail/derived_ft_M18_all_unique_offres.json",
    "france_travail/ft_search_raw_2025-11-13_page0.json",
    "france_travail/ft_search_raw_2025-11-13_page1.json",
    "job_datasets/radar-nlp_france_travail_normalized.jsonl",
]

# Strata, drawn in this order, with their quotas.
QUOTAS = {
    "it": 40,
    "industry_engineering": 15,
    "support_admin_finance": 15,
    "marketing_communication_sales": 15,
    "other_non_digital": 15,
}


def stratum(rome_code: str | None) -> str | None:
    """The stratum of a ROME code (ROME v3 families); None when the offer has no ROME code."""
    if not rome_code:
        return None
    if rome_code.startswith("M18"):  # Systèmes d'information et de télécommunication
        return "it"
    if rome_code[0] in "HI":  # Industrie; Installation et maintenance
        return "industry_engineering"
    if rome_code[:3] in {"M10", "M11", "M12", "M13", "M14", "M15", "M16"} or rome_code[0] == "C":
        return "support_admin_finance"  # achats, comptabilité/gestion, direction, études, RH, secrétariat; banque
    if rome_code.startswith("M17") or rome_code[0] in "DE":  # marketing/stratégie commerciale; commerce; communication
        return "marketing_communication_sales"
    return "other_non_digital"  # agriculture, arts, BTP, hôtellerie, santé, services à la personne, spectacle, transport…


def load(relative: str) -> list[dict]:
    path = SAMPLES / relative
    if relative.endswith(".jsonl"):
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["resultats"] if isinstance(data, dict) else data


def id_of(item: dict) -> str:
    return str(item.get("id") or item.get("offer_id"))


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def shingles(text: str) -> frozenset[str]:
    words = re.findall(r"\w+", text.lower())
    return frozenset(" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4)))


def near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    return len(a & b) >= NEAR_DUPLICATE * len(a | b)


def earlier_blind_files(blind_set: str) -> list[str]:
    names = list(BLIND_SETS)
    return [BLIND_SETS[name][1] for name in names[: names.index(blind_set)]]


def excluded(blind_set: str = "blind") -> tuple[set[str], set[str], list[frozenset[str]]]:
    """Ids, text SHA-1s and shingle sets of every posting already in the gold, held-out, re-post or earlier blind files."""
    ids: set[str] = set()
    hashes: set[str] = set()
    texts: dict[str, str] = {}
    for name in ("postings_gold.jsonl", "postings_heldout.jsonl", *earlier_blind_files(blind_set)):
        for line in (GOLD / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            ids.add(str(row["id"]))
            hashes.add(row["text_sha1"])
    for line in (GOLD / "repost_pairs.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        ids.update({str(row["a"]), str(row["b"])})
    for relative in ALL_FILES:  # the texts of excluded ids, wherever they appear, are excluded too
        if (SAMPLES / relative).exists():
            for item in load(relative):
                if id_of(item) in ids and item.get("description"):
                    hashes.add(sha1(item["description"]))
                    texts[sha1(item["description"])] = item["description"]
    return ids, hashes, [shingles(text) for text in texts.values()]


def select(blind_set: str = "blind") -> list[dict]:
    """The draw: one row per posting with source, id, stratum, romeCode, description (in selection order).

    A candidate is skipped when its id or exact text was already drawn or is in another gold file, and when its
    text is a near-duplicate (re-post, light edit) of a posting of another gold file or of one already drawn.
    """
    skip_ids, skip_hashes, skip_shingles = excluded(blind_set)
    pools: dict[str, list[dict]] = {name: [] for name in QUOTAS}
    for relative in SOURCES:  # pools in source order, then file order
        for item in load(relative):
            description = item.get("description") or ""
            group = stratum(item.get("romeCode"))
            if group is None or len(description) < MIN_LENGTH:
                continue
            pools[group].append({"source": relative, "id": id_of(item), "category": group,
                                 "romeCode": item.get("romeCode"), "description": description})
    rng = random.Random(BLIND_SETS[blind_set][0])
    seen_ids, seen_hashes = set(skip_ids), set(skip_hashes)
    chosen: list[dict] = []

    def draw(group: str, order: list[int], quota: int) -> int:
        """Take up to `quota` eligible postings of `group`, consuming `order` (its permutation) as it goes."""
        got = 0
        while order and got < quota:
            row = pools[group][order.pop(0)]
            digest = sha1(row["description"])
            if row["id"] in seen_ids or digest in seen_hashes:
                continue
            own = shingles(row["description"])
            if any(near_duplicate(own, other) for other in skip_shingles):
                continue
            seen_ids.add(row["id"])
            seen_hashes.add(digest)
            skip_shingles.append(own)
            chosen.append(row)
            got += 1
        return got

    orders: dict[str, list[int]] = {}
    for group, quota in QUOTAS.items():
        orders[group] = rng.sample(range(len(pools[group])), len(pools[group]))
        got = draw(group, orders[group], quota)
        if got < quota:
            print(f"warning: stratum {group} has only {got} eligible postings (quota {quota}); "
                  f"the {quota - got} missing are drawn from the it stratum", file=sys.stderr)
    shortfall = sum(QUOTAS.values()) - len(chosen)
    if shortfall:  # an exhausted stratum's places go to IT postings, continuing the IT permutation
        draw("it", orders["it"], shortfall)
    return chosen


def check(blind_set: str = "blind") -> int:
    """Verify a blind file: same draw, hashes, lengths, offsets, sorted non-overlapping mentions."""
    texts = {(row["source"], row["id"]): row for row in select(blind_set)}
    problems: list[str] = []
    path = GOLD / BLIND_SETS[blind_set][1]
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if [(r["source"], r["id"]) for r in rows] != list(texts):
        problems.append("rows are not the draw, in draw order")
    skip_ids, skip_hashes, _ = excluded(blind_set)
    problems += [f"{r['id']}: already in another gold file" for r in rows
                 if r["id"] in skip_ids or r["text_sha1"] in skip_hashes]
    if len({r["text_sha1"] for r in rows}) != len(rows):
        problems.append("two rows have the same text")
    mentions = 0
    per_category: dict[str, list[int]] = {}
    for row in rows:
        drawn = texts.get((row["source"], row["id"]))
        if drawn is None:
            problems.append(f"{row['id']}: not in the draw")
            continue
        text = drawn["description"]
        if row["text_sha1"] != sha1(text) or row["length"] != len(text):
            problems.append(f"{row['id']}: text_sha1/length do not match the sample")
        if row["category"] != drawn["category"]:
            problems.append(f"{row['id']}: category {row['category']} != {drawn['category']}")
        counts = per_category.setdefault(row["category"], [0, 0])
        counts[0] += 1
        counts[1] += len(row["mentions"])
        previous_end = -1
        for m in row["mentions"]:
            mentions += 1
            if text[m["start"]:m["end"]] != m["text"]:
                problems.append(f"{row['id']}: [{m['start']}:{m['end']}] is {text[m['start']:m['end']]!r}, not {m['text']!r}")
            if m["start"] < previous_end:
                problems.append(f"{row['id']}: mention at {m['start']} overlaps or is out of order")
            if m["level"] not in {"required", "wished"} or not m["skill"]:
                problems.append(f"{row['id']}: bad level or empty skill at {m['start']}")
            if m.get("company_presentation", True) is not True:
                problems.append(f"{row['id']}: company_presentation is true when present, at {m['start']}")
            previous_end = m["end"]
    for problem in problems:
        print(problem)
    for category, (postings, count) in per_category.items():
        print(f"{category}: {postings} postings, {count} mentions")
    print(f"{len(rows)} postings, {mentions} mentions, {len(problems)} problems")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="print each description in full (for annotation)")
    parser.add_argument("--check", action="store_true", help="verify the set's file under tests/gold")
    parser.add_argument("--set", dest="blind_set", choices=list(BLIND_SETS), default="blind",
                        help="which blind set to draw (each excludes the earlier ones)")
    args = parser.parse_args()
    if not all((SAMPLES / relative).is_file() for relative in SOURCES):
        print(f"error: the sample files are missing under {SAMPLES}; the draw needs ../shared/samples", file=sys.stderr)
        return 2
    if args.check:
        return check(args.blind_set)
    for n, row in enumerate(select(args.blind_set)):
        print(f"#{n} {row['category']} {row['romeCode']} {row['source']} {row['id']} len={len(row['description'])}")
        if args.print:
            print(row["description"])
            print("=" * 80)
    return 0


if __name__ == "__main__":
    sys.exit(main())
