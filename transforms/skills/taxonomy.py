"""The project's two-level digital-skills taxonomy: competence areas and named skills.

The data lives in reviewable YAML files next to this module (transforms/taxonomy/); this module loads and
checks them. Areas carry the activity phrases that curricula use ("Mettre en place une base de données
relationnelle"); named skills carry the written forms postings use ("Postgres", "K8s", "C#").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

TAXONOMY_DIR = Path(__file__).resolve().parent.parent / "taxonomy"
TAXONOMY_FILES = ("areas.yaml", "skills.yaml")

CATEGORIES = (
    "languages",
    "frameworks",
    "databases",
    "data_bi",
    "cloud_devops",
    "os_infrastructure",
    "network_security",
    "enterprise_software",
    "digital_creation_marketing",
    "methods_domains",
    "certifications",
)


def fold(text: str) -> str:
    """Lower-case and strip accents: the key under which written forms are compared."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_ACCENTS = str.maketrans("àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ", "aaaaaaceeeeiiiinooooouuuuyy" + "\x00\x00")
_ACCENTS.update({ord("œ"): "o", ord("æ"): "a"})


def fold_keeping_offsets(text: str) -> str:
    """Like `fold`, one character for one character, so offsets into the result are offsets into `text`."""
    folded = text.lower().translate(_ACCENTS)
    return folded if len(folded) == len(text) else text.lower()


@dataclass(frozen=True)
class Activity:
    verbs: tuple[str, ...]
    objects: tuple[str, ...]


@dataclass(frozen=True)
class Area:
    id: str
    fr: str
    en: str
    keywords: tuple[str, ...]
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class Skill:
    id: str
    fr: str
    en: str
    category: str
    areas: tuple[str, ...]
    aliases: tuple[str, ...]
    ambiguous_aliases: tuple[str, ...]
    esco: str | None = None
    rome: tuple[str, ...] = ()
    area_evidence: bool = True  # False: a legal or cross-cutting mention (RGPD, RGAA) that says nothing of a job's area
    vendor: bool = False  # a maker's name standing for its products ("switchs HP", "Connaissances matériel : Dell, IBM")

    def area_weight(self) -> float:
        """How much one mention of this skill says that a document belongs to each of its areas: a skill of one
        area says it fully, a general-purpose one (Python: three areas) a third; an area counts for a document
        when it is named directly or when the weights of its distinct skills add up to 1 (warehouse/models)."""
        return 1 / len(self.areas) if self.area_evidence and self.areas else 0.0

    def plain_forms(self) -> list[str]:
        """Written forms matched anywhere, case- and accent-insensitively."""
        ambiguous = {fold(a) for a in self.ambiguous_aliases}
        forms = dict.fromkeys([self.fr, self.en, *self.aliases])
        return [f for f in forms if f and fold(f) not in ambiguous]


@dataclass(frozen=True)
class Taxonomy:
    areas: tuple[Area, ...]
    skills: tuple[Skill, ...]
    directory: Path | None = field(default=None, compare=False)  # where it was read from (saved with a pipeline)
    by_id: dict[str, Skill | Area] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {x.id: x for x in (*self.areas, *self.skills)})

    def label(self, concept_id: str, language: str = "fr") -> str:
        concept = self.by_id[concept_id]
        return concept.fr if language == "fr" else concept.en


class TaxonomyError(ValueError):
    pass


def _tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in (value if isinstance(value, list) else [value]))


def parse_areas(entries: list[dict]) -> tuple[Area, ...]:
    return tuple(
        Area(
            id=e["id"],
            fr=e["fr"],
            en=e["en"],
            keywords=_tuple(e.get("keywords")),
            activities=tuple(Activity(_tuple(a["verbs"]), _tuple(a["objects"])) for a in e.get("activities") or []),
        )
        for e in entries
    )


def parse_skills(entries: list[dict]) -> tuple[Skill, ...]:
    return tuple(
        Skill(
            id=str(e["id"]),
            fr=str(e["fr"]),
            en=str(e.get("en") or e["fr"]),
            category=e["category"],
            areas=_tuple(e.get("areas")),
            aliases=_tuple(e.get("aliases")),
            ambiguous_aliases=_tuple(e.get("ambiguous_aliases")),
            esco=e.get("esco") or None,
            rome=_tuple(e.get("rome")),
            area_evidence=bool(e.get("area_evidence", True)),
            vendor=bool(e.get("vendor", False)),
        )
        for e in entries
    )


def check(taxonomy: Taxonomy) -> None:
    """Refuse a taxonomy with duplicate ids, unknown areas or categories, or one form naming two skills."""
    area_ids = [a.id for a in taxonomy.areas]
    problems = [f"duplicate area id {i}" for i in set(area_ids) if area_ids.count(i) > 1]
    seen_ids: set[str] = set()
    owner_of_form: dict[str, str] = {}
    for skill in taxonomy.skills:
        if skill.id in seen_ids:
            problems.append(f"duplicate skill id {skill.id}")
        seen_ids.add(skill.id)
        if skill.category not in CATEGORIES:
            problems.append(f"{skill.id}: unknown category {skill.category}")
        problems += [f"{skill.id}: unknown area {a}" for a in skill.areas if a not in area_ids]
        for form in {fold(f) for f in [*skill.plain_forms(), *skill.ambiguous_aliases]}:
            other = owner_of_form.setdefault(form, skill.id)
            if other != skill.id:
                problems.append(f"form {form!r} names both {other} and {skill.id}")
    if problems:
        raise TaxonomyError("invalid taxonomy:\n" + "\n".join(sorted(problems)))


def load_taxonomy(directory: Path = TAXONOMY_DIR) -> Taxonomy:
    areas = parse_areas(yaml.safe_load((directory / "areas.yaml").read_text(encoding="utf-8")))
    skills = parse_skills(yaml.safe_load((directory / "skills.yaml").read_text(encoding="utf-8")))
    taxonomy = Taxonomy(areas, skills, directory)
    check(taxonomy)
    return taxonomy


@lru_cache(maxsize=4)
def default_taxonomy() -> Taxonomy:
    return load_taxonomy()
