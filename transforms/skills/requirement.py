"""Whether a posting requires a skill or only wishes it, from the words around the mention.

A cue in the mention's own clause wins ("AWS impératif, Azure est un plus"); otherwise a cue elsewhere in
its sentence ("Une connaissance de Docker, Kubernetes ou Terraform serait un plus"); otherwise an inline label
opening its list ("Nice to have: Kafka, Redis"); otherwise the section it sits in ("Les plus :", "Atouts :");
otherwise it is required, which is how postings list skills. French and English cues.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from transforms.skills.mentions import REQUIRED, WISHED
from transforms.skills.taxonomy import fold_keeping_offsets

WISHED_CUES = re.compile(
    r"\b(un plus|est un plus|serait un plus|les plus(?=\s*:)|petits? plus|apprecie(?:e|s|es)?|souhaite(?:e|s|es)?|souhaitable|ideal(?:ement)?|"
    r"atouts?|bonus|avantage|nice to have|optionnel(?:le)?|de preference|valorise(?:e|s|es)?|bienvenue?s?|"
    r"is a plus|preferred|ideally|(?:would be|is|be|as) an? (?:plus|asset|bonus|advantage)|an asset|a plus(?=\s*(?:[.,;!)\n]|$))|"
    r"nice[- ]to[- ]haves?|desirable|(?:would be )?(?:appreciated|welcome)|good to have|optional)\b"
)
REQUIRED_CUES = re.compile(
    r"\b(imperati(?:f|ve|fs|ves)|requis(?:e|es)?|exige(?:e|s|es)?|obligatoire(?:s)?|indispensable(?:s)?|"
    r"necessaire(?:s)?|must|must[- ]haves?|required|requirements?|mandatory|essentiel(?:le)?s?|essential|"
    r"(?:strong|solid|proven) (?:experience|knowledge|skills?))\b"
)
# A cue predicated of a whole list ("Docker, Kubernetes ou Terraform serait un plus", "... sont indispensables")
# covers every clause of its sentence; an attributive one ("Python, Docker apprécié") only its own clause.
PREDICATED_CUE = re.compile(
    r"\b(?:serai(?:t|ent)|est|sont|seront|sera)\s+(?:(?:un|une|des|tres|vivement|fortement|particulierement)\s+)*"
    r"(?:plus|atout|avantage|bonus|apprecie\w*|souhaite\w*|souhaitable\w*|bienvenu\w*|valorise\w*|"
    r"imperati\w*|requis\w*|exige\w*|obligatoire\w*|indispensable\w*|necessaire\w*|essentiel\w*)\b"
    r"|\b(?:would be|is|are|will be)\s+(?:(?:a|an|very|highly|really|definitely)\s+)*"
    r"(?:plus|asset|bonus|advantage|appreciated|welcome|desirable|required|mandatory|essential)\b"
)
# Section titles that say "wanted profile", not "optional": "Profil souhaité", "Compétences souhaitées".
NEUTRAL_TITLES = re.compile(r"\b(profil|competences?|qualites?|experiences?|formations?)\s+(souhaite|recherche)\w*")
SENTENCE_END_CHARS = frozenset(".!?;\n")
CLAUSE_END = re.compile(r"[.!?;\n,()]")


@lru_cache(maxsize=65_536)
def _cue(text: str) -> str | None:
    """The level a stretch of text states, if it states exactly one. Postings repeat their sentences."""
    text = NEUTRAL_TITLES.sub(" ", fold_keeping_offsets(text))
    wished, required = WISHED_CUES.search(text), REQUIRED_CUES.search(text)
    if wished and not required:
        return WISHED
    if required and not wished:
        return REQUIRED
    return None


@lru_cache(maxsize=65_536)
def _predicated_cue(sentence: str) -> str | None:
    return _cue(sentence) if PREDICATED_CUE.search(fold_keeping_offsets(sentence)) else None


def _lead_cue(before: str) -> str | None:
    """The level of an inline label that opens the list a mention is in: "Nice to have: Kafka, Redis",
    "Atouts : Docker, Ansible" (the text from the sentence start to the mention)."""
    colon = before.rfind(":")
    return _cue(before[max(0, colon - 40) : colon]) if colon >= 0 else None


def _bounds(stops: list[int], length: int, start: int, end: int) -> tuple[int, int]:
    """The stretch between the last stop before `start` and the first stop at or after `end`."""
    before = bisect_left(stops, start)
    after = bisect_left(stops, end)
    return (stops[before - 1] + 1 if before else 0), (stops[after] if after < len(stops) else length)


def _section_levels(text: str) -> list[tuple[int, str | None]]:
    """(offset, level) where a section starts: a short line ending with ':' sets the level until a blank line."""
    sections: list[tuple[int, str | None]] = [(0, None)]
    offset = 0
    for line in text.split("\n"):
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
    sections = _section_levels(text)
    section_starts = [offset for offset, _ in sections]
    clause_stops = [m.start() for m in CLAUSE_END.finditer(text)]
    sentence_stops = [i for i in clause_stops if text[i] in SENTENCE_END_CHARS]
    levels = []
    for start, end in spans:
        clause = text[slice(*_bounds(clause_stops, len(text), start, end))]
        sentence_start, sentence_end = _bounds(sentence_stops, len(text), start, end)
        section = sections[bisect_right(section_starts, start) - 1][1]
        levels.append(_cue(clause) or _predicated_cue(text[sentence_start:sentence_end])
                      or _lead_cue(text[sentence_start:start]) or section or REQUIRED)
    return levels
