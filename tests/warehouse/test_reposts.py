"""Re-posts across nights: a new posting joins the persistent group of the postings it re-posts, whatever
the order the nights brought them in, comparing only tonight's postings with their keys and buckets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from transforms.deduplicate import TITLE_SIMILARITY, as_candidate, group_reposts, shingle_hashes, similarity
from transforms.frames import postings_frame
from transforms.postings import parse_offers
from warehouse.load import connect, load_source_night

TEXT = ("Nous recherchons un développeur Java Spring Boot pour notre agence de Montpellier, équipe de dix personnes, "
        "télétravail partiel, méthodes agiles, revue de code et intégration continue sur GitLab.")
OTHER = "Administrateur systèmes Linux pour un client du secteur bancaire, astreintes, Ansible, supervision Zabbix."


def _offer(offer_id: str, description: str, created: str) -> dict:
    return {"id": offer_id, "intitule": "Développeur Java", "entreprise": {"nom": "ACME"},
            "lieuTravail": {"libelle": "34 - MONTPELLIER", "commune": "34172"}, "description": description,
            "dateCreation": created}


def _night(path: Path, offers: list[dict], night: date) -> dict:
    """One night of France Travail postings, loaded as the chunk workers hand them to the load."""
    records = [{"source": "france_travail", "record_id": o["id"], "payload": o, "fetched_at": f"{night}T02:00:00+00:00"} for o in offers]
    postings, _ = parse_offers(records)
    candidates = [as_candidate(p) for p in postings]
    parquet = path.with_name(f"{night}.postings.parquet")
    postings_frame(postings, group_reposts(candidates), candidates).to_parquet(parquet, index=False)
    con = connect(path)
    try:
        return load_source_night(con, "france_travail", {"postings": [str(parquet)]}, [], None, [], f"run-{night}", night)
    finally:
        con.close()


def _groups(path: Path) -> dict[str, str]:
    con = connect(path)
    try:
        return dict(con.execute("select posting_id, duplicate_group from landing.postings").fetchall())
    finally:
        con.close()


A = _offer("B100", TEXT, "2026-11-02T10:00:00Z")
B = _offer("B200", TEXT + " Poste toujours à pourvoir.", "2026-11-20T10:00:00Z")
C = _offer("B300", "Poste toujours à pourvoir. " + TEXT, "2026-12-01T10:00:00Z")
UNRELATED = _offer("B150", OTHER, "2026-11-21T10:00:00Z")


def test_a_re_post_on_a_later_night_joins_the_group_of_the_first_posting(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    _night(path, [A], date(2026, 11, 2))
    written = _night(path, [B, UNRELATED], date(2026, 11, 20))
    assert _groups(path) == {"B100": "B100", "B200": "B100", "B150": "B150"}
    assert written["regrouped"] == 1  # B200, compared with the postings of its key and buckets


def test_groups_across_nights_do_not_depend_on_the_order_the_nights_brought_the_postings(tmp_path: Path):
    expected = {"B100": "B100", "B200": "B100", "B300": "B100", "B150": "B150"}
    for order in ([A, B, C, UNRELATED], [C, UNRELATED, B, A], [B, C, A, UNRELATED]):
        path = tmp_path / f"{'-'.join(o['id'] for o in order)}.duckdb"
        for number, offer in enumerate(order):
            _night(path, [offer], date(2026, 12, 2 + number))
        assert _groups(path) == expected, order


def _chain(offer_id: str, words: list[str], created: str) -> dict:
    """Offers whose texts overlap only with their neighbours in `words`' order: a~c, c~d, d~b chains."""
    return _offer(offer_id, " ".join(words), created)


def test_chains_across_nights_make_the_groups_union_find_makes_in_memory_whatever_the_batch(tmp_path: Path, monkeypatch):
    """The warehouse's grouping (pairs read a few at a time, components found in SQL) gives the groups of the
    in-memory union-find over all the postings at once, for any order of the nights and any pair batch."""
    words = [f"compétence{k}" for k in range(200)]
    windows = [words[15 * i : 15 * i + 60] for i in range(5)]  # neighbours share 3/4 of their words, the next ones half
    offers = [_chain(f"B{400 + i}", window, f"2026-11-{10 + i:02d}T10:00:00Z") for i, window in enumerate(windows)]
    offers += [UNRELATED, A]
    records = [{"source": "france_travail", "record_id": o["id"], "payload": o, "fetched_at": "2026-12-01T02:00:00+00:00"} for o in offers]
    expected = group_reposts(as_candidate(p) for p in parse_offers(records)[0])
    grams = [shingle_hashes(" ".join(window)) for window in windows]
    assert similarity(grams[0], grams[1]) >= TITLE_SIMILARITY > similarity(grams[0], grams[2])  # a~b, b~c, not a~c
    assert {o["id"]: expected[o["id"]] for o in offers} == {"B400": "B400", "B401": "B400", "B402": "B400", "B403": "B400",
                                                           "B404": "B400", "B150": "B150", "B100": "B100"}
    monkeypatch.setattr("warehouse.reposts.PAIR_BATCH", 1)
    for order in (offers, offers[::-1], offers[1::2] + offers[::2]):
        path = tmp_path / f"{'-'.join(o['id'] for o in order)}.duckdb"
        for number, offer in enumerate(order):
            _night(path, [offer], date(2026, 12, 2 + number))
        assert _groups(path) == expected, [o["id"] for o in order]
