"""What the extractor finds: one mention of a named skill or of a competence area in a text."""

from __future__ import annotations

from dataclasses import dataclass

SKILL = "skill"
AREA = "area"
REQUIRED = "required"
WISHED = "wished"


@dataclass(frozen=True, slots=True)  # slots: built twice as fast, one per mention
class Mention:
    concept_id: str  # a named skill id ("python") or an area id ("area:relational_databases")
    kind: str  # SKILL or AREA
    label: str  # French label of the concept
    start: int  # character offsets into the analysed text (Python string indices)
    end: int
    areas: tuple[str, ...]  # the areas this mention counts for
    requirement: str = REQUIRED  # REQUIRED or WISHED, from the cues around the mention
    in_company_presentation: bool = False  # inside the employer's or the recruiter's own presentation (presentation.py)

    def shifted(self, start: int, end: int) -> Mention:
        return Mention(self.concept_id, self.kind, self.label, start, end, self.areas, self.requirement, self.in_company_presentation)
