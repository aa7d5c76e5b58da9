"""Whether a posting requires a skill or only wishes it, from the words around the mention.

A cue in the mention's own clause wins ("AWS impératif, Azure est un plus"); otherwise a cue elsewhere in
its sentence ("Une connaissance de Docker, Kubernetes ou Terraform serait un plus"); otherwise the section
it sits in ("Les plus :", "Atouts :"); otherwise it is required, which is how postings list skills.
"""

from __future__ import annotations

import re

from transforms.skills.mentions import REQUIRED, WISHED
from transforms.skills.taxonomy import fold

WISHED_CUES = re.compile(
    r"\b(un plus|est un plus|serait un plus|les plus(?=\s*:)|petits? plus|apprecie(?:e|s|es)?|souhaite(?:e|s|es)?|souhaitable|ideal(?:ement)?|"
    r"atouts?|bonus|avantage|nice to have|optionnel(?:le)?|de preference|valorise(?:e|s|es)?|bienvenue?s?|"
    r"is a plus|preferred|ideally)\b"
)
REQUIRED_CUES = re.compile(
    r"\b(imperati(?:f|ve|fs|ves)|requis(?:e|es)?|exige(?:e|s|es)?|obligatoire(?:s)?|indispensable(?:s)?|"
    r"necessaire(?:s)?|must|required|mandatory|essentiel(?:le)?s?)\b"
)
# Section titles that say "wanted profile", not "optional": "Profil souhaité", "Compétences souhaitées".
NEUTRAL_TITLES = re.compile(r"\b(profil|competences?|qualites?|experiences?|formations?)\s+(souhaite|recherche)\w*")
SENTENCE_END = re.compile(r"[.!?;\n]")
CLAUSE_END = re.compile(r"[.!?;\n,()]")


def _cue(text: str) -> str | None:
    text = NEUTRAL_TITLES.sub(" ", text)
    wished, required = WISHED_CUES.search(text), REQUIRED_CUES.search(text)
    if wished and not required:
        return WISHED
    if required and not wished:
        return REQUIRED
    return None


def _bounds(text: str, start: int, end: int, stop: re.Pattern[str]) -> tuple[int, int]:
    left = max((m.end() for m in stop.finditer(text, 0, start)), default=0)
    right = stop.search(text, end)
    return left, right.start() if right else len(text)


def _section_levels(folded: str) -> list[tuple[int, str | None]]:
    """(offset, level) where a section starts: a short line ending with ':' sets the level until a blank line."""
    sections: list[tuple[int, str | None]] = [(0, None)]
    offset = 0
    for line in folded.split("\n"):
        stripped = line.strip()
        if not stripped:
            sections.append((offset, None))
        elif len(stripped) <= 60 and stripped.endswith(":"):
            sections.append((offset, _cue(stripped)))
        offset += len(line) + 1
    return sections


def requirement_levels(text: str, spans: list[tuple[int, int]]) -> list[str]:
    if not spans:
        return []
    folded = fold(text)  # same length as text for French accents (NFKD of ligatures aside)
    if len(folded) != len(text):
        folded = text.lower()
    sections = _section_levels(folded)
    levels = []
    for start, end in spans:
        clause = folded[slice(*_bounds(folded, start, end, CLAUSE_END))]
        sentence = folded[slice(*_bounds(folded, start, end, SENTENCE_END))]
        section = next((level for offset, level in reversed(sections) if offset <= start), None)
        levels.append(_cue(clause) or _cue(sentence) or section or REQUIRED)
    return levels
