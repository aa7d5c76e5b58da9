"""Run the skill extractor over postings and programme units, producing mention rows for the warehouse."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from transforms.postings import Posting
from transforms.skills.extractor import SkillExtractor
from transforms.skills.mentions import REQUIRED, WISHED
from transforms.trainings import Training

STRUCTURED_REQUIREMENT = {"E": REQUIRED, "S": WISHED}  # France Travail `competences[].exigence`


@dataclass(frozen=True)
class MentionRow:
    document_id: str  # posting_id or training_id
    unit_id: str  # title, description, structured:<code> for postings; the unit id for programmes
    concept_id: str
    kind: str
    start: int
    end: int
    surface: str
    requirement: str


def _rows(extractor: SkillExtractor, units: list[tuple[str, str, str, str | None]]) -> Iterable[MentionRow]:
    """units: (document_id, unit_id, text, forced requirement or None)."""
    for (document_id, unit_id, text, forced), mentions in zip(units, extractor.extract(u[2] for u in units)):
        for m in mentions:
            yield MentionRow(document_id, unit_id, m.concept_id, m.kind, m.start, m.end, text[m.start : m.end], forced or m.requirement)


def posting_mentions(extractor: SkillExtractor, postings: list[Posting]) -> list[MentionRow]:
    units: list[tuple[str, str, str, str | None]] = []
    for p in postings:
        units += [(p.posting_id, "title", p.title, None), (p.posting_id, "description", p.description or "", None)]
        units += [
            (p.posting_id, f"structured:{s['code']}", s["label"], STRUCTURED_REQUIREMENT.get(s["exigence"], REQUIRED))
            for s in p.structured_skills
        ]
    return list(_rows(extractor, units))


def training_mentions(extractor: SkillExtractor, trainings: list[Training]) -> list[MentionRow]:
    units = [(t.training_id, u.unit_id, u.text, None) for t in trainings for u in t.units]
    units += [(t.training_id, "title", t.title, None) for t in trainings]
    return list(_rows(extractor, units))
