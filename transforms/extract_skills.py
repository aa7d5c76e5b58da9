"""Run the skill extractor over postings and programme units, producing mention rows for the warehouse."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from transforms.postings import Posting
from transforms.skills.extractor import SkillExtractor
from transforms.skills.mentions import REQUIRED, SKILL, WISHED
from transforms.skills.taxonomy import fold
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
    in_company_presentation: bool = False  # in the employer's or recruiter's own presentation: not a demand


def _rows(extractor: SkillExtractor, units: list[tuple[str, str, str, str | None]],
          employers: dict[str, str | None] | None = None) -> Iterable[MentionRow]:
    """units: (document_id, unit_id, text, forced requirement or None); employers: the employer of each document."""
    for (document_id, unit_id, text, forced), mentions in zip(units, extractor.extract(u[2] for u in units)):
        employer = employer_words((employers or {}).get(document_id))
        for m in mentions:
            surface = text[m.start : m.end]
            if employer and m.kind == SKILL and names_the_employer(surface, text, m.start, employer):
                continue
            yield MentionRow(document_id, unit_id, m.concept_id, m.kind, m.start, m.end, surface, forced or m.requirement,
                             m.in_company_presentation)


LEGAL_WORDS = frozenset("sa sas sasu sarl eurl scop snc sci gie group groupe france international".split())


def employer_words(employer: str | None) -> tuple[str, ...]:
    """The employer's name as folded words, without legal forms and generic words ("ORACLE FRANCE SAS" → oracle)."""
    words = tuple(w for w in re.findall(r"[\w&+#.-]+", fold(employer or "")) if w not in LEGAL_WORDS)
    return words


def names_the_employer(surface: str, text: str, start: int, employer: tuple[str, ...]) -> bool:
    """A skill name that is the employer's own name ("Talend" at Talend), or part of the employer's name written
    out in full ("Sopra Steria" where the employer is Sopra Steria Group), is the employer, never a skill asked for."""
    words = tuple(fold(surface).split())
    if words == employer:
        return True
    written = " ".join(employer)
    if " ".join(words) not in written:  # tested first: folding the whole text for every mention was a third of a chunk's time
        return False
    folded = fold(text)  # same length as text for the scripts postings use; otherwise only the first test applies
    if len(folded) != len(text):
        return False
    return any(a <= start < a + len(written) for a in (m.start() for m in re.finditer(re.escape(written), folded)))


def posting_mentions(extractor: SkillExtractor, postings: list[Posting]) -> list[MentionRow]:
    units: list[tuple[str, str, str, str | None]] = []
    for p in postings:
        units += [(p.posting_id, "title", p.title, None), (p.posting_id, "description", p.description or "", None)]
        units += [
            (p.posting_id, f"structured:{s['code']}", s["label"], STRUCTURED_REQUIREMENT.get(s["exigence"], REQUIRED))
            for s in p.structured_skills
        ]
    return list(_rows(extractor, units, {p.posting_id: p.employer for p in postings}))


def training_mentions(extractor: SkillExtractor, trainings: list[Training]) -> list[MentionRow]:
    units = [(t.training_id, u.unit_id, u.text, None) for t in trainings for u in t.units]
    units += [(t.training_id, "title", t.title, None) for t in trainings]
    return list(_rows(extractor, units))
