"""Importing ROME 4.0 and ESCO (the real open-data files in ../shared) links their items to the taxonomy."""

from __future__ import annotations

from pathlib import Path

from transforms.skills.referentials import link, read_esco, read_rome


def test_digital_rome_items_link_to_named_skills_and_areas(extractor, shared_samples: Path):
    items = list(read_rome(shared_samples / "taxonomies" / "rome"))
    assert {i.referential for i in items} == {"rome_savoir", "rome_competence"}
    assert 2500 < len(items) < 4000  # only the transition_num = O items of 33,671
    links = {(k.code, k.concept_id, k.match) for k in link(items, extractor)}
    assert ("102788", "html", "exact") in links  # savoir "HTML"
    assert ("120323", "area:relational_databases", "activity") in links  # "Modéliser une base de données"
    assert ("115801", "area:cybersecurity", "activity") in links  # "Gérer la sécurité informatique"


def test_esco_labels_link_exactly(extractor, shared_samples: Path):
    items = [i for i in read_esco(shared_samples / "taxonomies" / "esco") if i.label in ("Python", "JavaScript", "gérer le personnel musical")]
    linked = {(k.label, k.concept_id) for k in link(items, extractor)}
    assert ("Python", "python") in linked and ("JavaScript", "javascript") in linked
    assert not any(label == "gérer le personnel musical" for label, _ in linked)
