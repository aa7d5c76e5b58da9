"""Import official referentials (ROME 4.0, ESCO) and link their items to the project's taxonomy.

A user who downloads the referentials gives us their folders; each item label is run through the same
extractor as the postings, so links follow the taxonomy's own forms and context rules:
- an item whose whole label is one named skill ("HTML", "Python (programmation informatique)") is linked
  to it as an exact match;
- an item whose label states an activity ("Configurer les équipements réseau et serveurs") is linked to
  the areas it names.
ROME's `transition_num` flag marks its digital items; only those are imported from ROME. The links land
in the warehouse (landing.referential_items / referential_links → core.skill_referentials).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROME_SAVOIRS = "unix_referentiel_savoir_v*_utf8.csv"
ROME_COMPETENCES = "unix_referentiel_competence_v*_utf8.csv"
ESCO_SKILLS = "skills_fr.csv"
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")  # ESCO: "Python (programmation informatique)"


@dataclass(frozen=True)
class ReferentialItem:
    referential: str  # rome_savoir, rome_competence, esco
    code: str
    label: str


@dataclass(frozen=True)
class ReferentialLink:
    referential: str
    code: str
    label: str
    concept_id: str
    match: str  # exact (the label is the skill) or activity (the label states an activity of the area)


def _one(directory: Path, pattern: str) -> Path:
    found = sorted(directory.glob(pattern))
    if not found:
        raise FileNotFoundError(f"no {pattern} in {directory}")
    return found[-1]


def read_rome(directory: Path) -> Iterator[ReferentialItem]:
    """The digital (transition_num = 'O') savoirs and competences of a ROME 4.0 open-data folder."""
    with _one(directory, ROME_SAVOIRS).open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            if row.get("transition_num") == "O":
                yield ReferentialItem("rome_savoir", row["code_ogr_savoir"], row["libelle_savoir"])
    with _one(directory, ROME_COMPETENCES).open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            if row.get("transition_num") == "O":
                yield ReferentialItem("rome_competence", row["code_ogr"], row["libelle_competence"])


def read_esco(directory: Path) -> Iterator[ReferentialItem]:
    """ESCO skills with their preferred and alternative French labels (one item per label)."""
    with (directory / ESCO_SKILLS).open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            for label in [row["preferredLabel"], *(row.get("altLabels") or "").splitlines()]:
                if label.strip():
                    yield ReferentialItem("esco", row["conceptUri"], label.strip())


def link(items: list[ReferentialItem], extractor) -> list[ReferentialLink]:
    links: dict[tuple[str, str, str], ReferentialLink] = {}
    labels = [_QUALIFIER.sub("", item.label) if item.referential == "esco" else item.label for item in items]
    for item, label, mentions in zip(items, labels, extractor.extract(labels)):
        skills = [m for m in mentions if m.kind == "skill"]
        if len(skills) == 1 and label[skills[0].start : skills[0].end].strip().lower() == label.strip().lower():
            key = (item.referential, item.code, skills[0].concept_id)
            links.setdefault(key, ReferentialLink(item.referential, item.code, item.label, skills[0].concept_id, "exact"))
        elif item.referential == "rome_competence":
            for area in {m.concept_id for m in mentions if m.kind == "area"}:
                links.setdefault((item.referential, item.code, area), ReferentialLink(item.referential, item.code, item.label, area, "activity"))
    return list(links.values())
