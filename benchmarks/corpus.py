"""A deterministic, France Travail–shaped corpus at any scale, made from the real offers of ../shared/samples.

Fresh ids; creation dates spread over the 12 months before the night; departments of Occitanie with weights
close to the region's job market, and a commune among a few hundred of each; descriptions made of the sentences
of three real offers (a third of the first one's, in order, the rest drawn from two others), so that texts
are not repeats at any scale: two offers share a text only when one is a re-post (about 10 %: an earlier
offer again, under a new id, a few weeks later, lightly edited), as in the real feed, and re-post candidates
grow with the corpus, not with its square. The corpus is
written as the raw landing of one crawl (one JSON record per line, content hash included), the input of
every stage after the crawl. A second night changes a given share of it: edits, new offers, withdrawals.

    .venv/bin/python benchmarks/corpus.py --postings 10000 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from spiders.items import content_hash

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples" / "france_travail"
BUNDLED = REPO / "sample_sources" / "france_travail" / "offres.json"
# Share of the region's offers by department (orders of magnitude of France Travail's Occitanie figures).
DEPARTMENTS = {"31": 0.34, "34": 0.27, "30": 0.08, "66": 0.06, "11": 0.04, "81": 0.05, "82": 0.03, "12": 0.03,
               "65": 0.03, "09": 0.01, "32": 0.02, "46": 0.02, "48": 0.02}
CITIES = {"31": "TOULOUSE", "34": "MONTPELLIER", "30": "NIMES", "66": "PERPIGNAN", "11": "CARCASSONNE", "81": "ALBI",
          "82": "MONTAUBAN", "12": "RODEZ", "65": "TARBES", "09": "FOIX", "32": "AUCH", "46": "CAHORS", "48": "MENDE"}
REPOST_SHARE = 0.10


def real_offers() -> list[dict]:
    files = sorted(SAMPLES.glob("*.json")) if SAMPLES.is_dir() else [BUNDLED]
    offers: dict[str, dict] = {}
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        for offer in data.get("resultats", []) if isinstance(data, dict) else data:
            if isinstance(offer, dict) and offer.get("id") and offer.get("description"):
                offers.setdefault(offer["id"], offer)
    return [offers[k] for k in sorted(offers)]


_SENTENCE_END = re.compile(r"(?<=[.!?;:\n])\s+")
COMMUNES_PER_DEPARTMENT = 300


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def mosaic(rng: random.Random, first: list[str], others: list[list[str]]) -> str:
    """A third of `first`'s sentences in their order, each other sentence replaced by one drawn from `others`."""
    kept = set(rng.sample(range(len(first)), max(1, len(first) // 3))) if first else set()
    drawn = [s for other in others for s in other] or first
    return " ".join(sentence if i in kept else rng.choice(drawn) for i, sentence in enumerate(first))


def _encoded(offer: dict) -> bytes:
    return json.dumps(offer, ensure_ascii=False).encode()


def make_offers(count: int, night: date, seed: int = 7) -> list[bytes]:
    """`count` offers, each as its JSON encoded once (a million offers as dictionaries would not fit in memory)."""
    rng = random.Random(seed)
    pool = real_offers()
    pool_sentences = [sentences(o["description"]) for o in pool]
    departments, weights = zip(*DEPARTMENTS.items())
    offers: list[bytes] = []
    for i in range(count):
        if offers and rng.random() < REPOST_SHARE:  # the same job again, a few weeks later
            original = json.loads(offers[rng.randrange(len(offers))])
            created = datetime.fromisoformat(original["dateCreation"][:19]) + timedelta(days=rng.randint(7, 40))
            offer = original | {"description": original["description"] + " Poste toujours à pourvoir."}
        else:
            picked = [rng.randrange(len(pool)) for _ in range(3)]
            base = pool[picked[0]]
            department = rng.choices(departments, weights)[0]
            created = datetime.combine(night, datetime.min.time()) - timedelta(minutes=rng.randrange(365 * 24 * 60))
            offer = base | {  # a shallow copy: the real offer's nested values are shared, never changed
                "description": mosaic(rng, pool_sentences[picked[0]], [pool_sentences[i] for i in picked[1:]]),
                "lieuTravail": {"libelle": f"{department} - {CITIES[department]}", "codePostal": f"{department}000",
                                "commune": f"{department}{rng.randrange(1, COMMUNES_PER_DEPARTMENT):03d}"},
            }
        created = min(created, datetime.combine(night, datetime.min.time()))
        stamp = created.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        offer |= {"id": f"B{i:07d}", "dateCreation": stamp, "dateActualisation": stamp}
        offer.pop("contact", None)
        offers.append(_encoded(offer))
    return offers


def next_night(offers: list[bytes], night: date, changed_share: float, seed: int = 11) -> list[bytes]:
    """The next night's answer: half of `changed_share` edited, as many new, as many withdrawn."""
    rng = random.Random(seed)
    moved = max(1, int(len(offers) * changed_share / 2))
    tonight = list(offers)
    stamp = datetime.combine(night, datetime.min.time()).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    for i in rng.sample(range(len(tonight)), moved):
        edited = json.loads(tonight[i])
        tonight[i] = _encoded(edited | {"description": edited["description"] + " Mise à jour : télétravail possible.",
                                        "dateActualisation": stamp})
    for i in sorted(rng.sample(range(len(tonight)), moved), reverse=True):
        del tonight[i]
    fresh = make_offers(moved, night, seed=seed + 1)
    stamps = [(datetime.combine(night, datetime.min.time()) - timedelta(minutes=rng.randrange(24 * 60))).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z") for _ in fresh]  # published during the day before the night
    return tonight + [_encoded(json.loads(o) | {"id": f"N{night:%m%d}{i:06d}", "dateCreation": t, "dateActualisation": t})
                      for i, (o, t) in enumerate(zip(fresh, stamps, strict=True))]


def write_answer(offers: list[bytes], path: Path) -> Path:
    """The offers as the sample server reads a large replay: one JSON offer per line (observatory/sample_server.py)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as answer:
        for offer in offers:
            answer.write(offer + b"\n")
    return path


def write_landing(offers: list[bytes], path: Path, fetched: date) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as landing:
        for encoded in offers:
            offer = json.loads(encoded)
            record = {"source": "france_travail", "record_id": offer["id"], "url": "http://127.0.0.1/offres/search",
                      "payload": offer, "fetched_at": f"{fetched.isoformat()}T02:30:00+00:00", "content_hash": content_hash(offer)}
            landing.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--night", type=date.fromisoformat, default=date(2026, 11, 28))
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    print(write_landing(make_offers(options.postings, options.night), options.out / "landing.jsonl", options.night))


if __name__ == "__main__":
    main()
