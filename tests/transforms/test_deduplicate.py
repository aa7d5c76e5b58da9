"""Re-posts: which postings are one job, in any order, and what the LSH buckets propose."""

from __future__ import annotations

from itertools import permutations

from transforms.deduplicate import duplicate_groups, shingle_hashes, text_buckets
from transforms.postings import parse_offers

TEXT = ("Nous recherchons un développeur Java Spring Boot pour notre agence de Montpellier, équipe de dix personnes, "
        "télétravail partiel, méthodes agiles, revue de code et intégration continue sur GitLab.")


def _postings(*offers: dict):
    records = [{"source": "france_travail", "record_id": o["id"], "payload": o, "fetched_at": "2026-11-28T02:00:00+00:00"} for o in offers]
    postings, rejected = parse_offers(records)
    assert rejected == []
    return postings


def _offer(offer_id: str, description: str = TEXT, title: str = "Développeur Java", employer: str | None = "ACME",
           place: str = "34 - MONTPELLIER", created: str = "2026-11-02T10:00:00Z") -> dict:
    return {"id": offer_id, "intitule": title, "entreprise": {"nom": employer} if employer else {},
            "lieuTravail": {"libelle": place}, "description": description, "dateCreation": created}


def test_a_re_posted_job_joins_the_group_of_its_first_posting():
    postings = _postings(_offer("A"), _offer("B", TEXT + " Poste à pourvoir rapidement.", created="2026-11-20T10:00:00Z"))
    assert duplicate_groups(postings) == {"A": "A", "B": "A"}


def test_the_same_text_under_another_named_employer_or_at_another_place_is_another_job():
    postings = _postings(_offer("A"), _offer("B", employer="Autre"), _offer("C", place="31 - TOULOUSE"))
    assert duplicate_groups(postings) == {"A": "A", "B": "B", "C": "C"}


def test_an_anonymous_copy_of_a_named_posting_is_the_same_job():
    postings = _postings(_offer("A"), _offer("B", employer=None, title="Developpeur JAVA (H/F)"))
    assert duplicate_groups(postings) == {"A": "A", "B": "A"}


def test_postings_created_more_than_60_days_apart_are_two_jobs():
    postings = _postings(_offer("A", created="2026-06-01T10:00:00Z"), _offer("B", created="2026-09-01T10:00:00Z"))
    assert duplicate_groups(postings) == {"A": "A", "B": "B"}


def test_one_generic_title_over_different_texts_is_several_jobs():
    other = "Administrateur systèmes Linux pour un client du secteur bancaire, astreintes, Ansible, supervision Zabbix."
    postings = _postings(_offer("A"), _offer("B", other))
    assert duplicate_groups(postings) == {"A": "A", "B": "B"}


def test_re_post_groups_do_not_depend_on_the_order_of_the_postings():
    words = [f"mot{i}" for i in range(200)]

    def chained(offer_id: str, shift: int) -> dict:  # each text shares 80 of its 100 words with the next one
        return _offer(offer_id, " ".join(words[shift : shift + 100]))

    chain = [chained("a", 0), chained("c", 20), chained("d", 40), chained("b", 60)]  # a~c, c~d, d~b only
    for order in permutations(chain):
        assert duplicate_groups(_postings(*order)) == {"a": "a", "b": "a", "c": "a", "d": "a"}


def test_near_identical_texts_share_an_lsh_bucket_and_unrelated_texts_do_not():
    edited = TEXT.replace("dix personnes", "douze personnes")
    unrelated = "Infirmier de bloc opératoire en clinique, horaires de jour, équipe pluridisciplinaire, diplôme d'État exigé."
    def buckets(text: str) -> set[int]:
        return set(text_buckets(shingle_hashes(text)))

    assert text_buckets(shingle_hashes(TEXT)) == text_buckets(shingle_hashes(TEXT))  # stable: kept in the warehouse
    assert buckets(TEXT) & buckets(edited)
    assert not buckets(TEXT) & buckets(unrelated)
