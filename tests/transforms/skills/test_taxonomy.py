"""The bundled taxonomy: both levels, stable ids, and no ordinary French word taken for a skill."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from transforms.skills.taxonomy import (
    CATEGORIES,
    Taxonomy,
    TaxonomyError,
    check,
    default_taxonomy,
    fold,
    parse_skills,
)

FRENCH_WORDS = "les est mes bon ce et ou de la le un une des pour avec sur dans base data web net cloud réseau données logiciel".split()


def test_both_levels_are_there_and_every_category_is_used():
    taxonomy = default_taxonomy()
    assert len(taxonomy.areas) == 28
    assert len(taxonomy.skills) >= 500
    used = Counter(s.category for s in taxonomy.skills)
    assert set(used) == set(CATEGORIES) and min(used.values()) >= 20
    assert {a for s in taxonomy.skills for a in s.areas} == {a.id for a in taxonomy.areas}


def test_ids_are_stable_slugs_and_every_skill_has_both_labels():
    for skill in default_taxonomy().skills:
        assert re.fullmatch(r"[a-z0-9_]+", skill.id), skill.id
        assert skill.fr and skill.en and 1 <= len(skill.areas) <= 3


def test_no_french_word_is_a_plain_form():
    forms = {fold(f) for s in default_taxonomy().skills for f in s.plain_forms()}
    assert not forms & {fold(w) for w in FRENCH_WORDS}


def test_curated_codes_have_the_official_shapes():
    skills = default_taxonomy().skills
    assert sum(1 for s in skills if s.esco) >= 50 and sum(1 for s in skills if s.rome) >= 100
    assert all(s.esco.startswith("http://data.europa.eu/esco/skill/") for s in skills if s.esco)
    assert all(code.isdigit() for s in skills for code in s.rome)


def test_a_form_naming_two_skills_is_refused():
    entries = [{"id": "a", "fr": "Foo", "category": "languages", "aliases": ["bar"]},
               {"id": "b", "fr": "Bar", "category": "languages"}]
    with pytest.raises(TaxonomyError, match="'bar' names both"):
        check(Taxonomy((), parse_skills(entries)))


def test_how_much_a_skill_says_of_its_areas():
    taxonomy = default_taxonomy()
    weight = {s.id: s.area_weight() for s in taxonomy.skills}
    assert weight["python"] == 1 / 3  # back-end, data engineering, ML: alone, none of them
    assert weight["tensorflow"] == 1.0  # one area: names it
    assert weight["rgpd"] == weight["rgaa"] == 0.0  # legal mentions are no evidence of an area
