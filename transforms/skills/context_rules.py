"""When a short or ambiguous name ("Go", "R", "Vue", "Chef", "Tableau", "SAS") is really the technology.

A name that is also a French word, a first name or a legal form is kept only when its neighbourhood says
technology: it stands in a list with other named skills ("Python/Go", "Java, Go et Rust"), or a technical
cue word is close ("langage Go", "maîtrise de Tableau", "framework Spring"). It is refused when French
grammar says ordinary word: followed by "de" ("Chef de projet", "Vue d'ensemble", "Tableau de bord") or
preceded by an article ("la Vue", "un Tableau").
"""

from __future__ import annotations

from transforms.skills.stems import stem

CUE_WORDS = (
    "langage language programmation programming framework frameworks librairie bibliothèque library "
    "logiciel software outil outils technologie technologies techno stack environnement environment "
    "développement développer développeur développeuse dev developer code coder codage maîtrise maîtriser "
    "connaissance connaissances compétence compétences expérience experience certification plateforme "
    "moteur engine scripts script version sous via tools avancé solution solutions modèle modèles engineer "
    "engineers ingénieur ingénieurs application applications cloud stockage data données projet projets "
    "déploiement intégration infrastructure serveur serveurs"
).split()
STRICT_CUE_WORDS = "langage language programmation programming code coder codage développement développeur".split()

CUE_STEMS = frozenset(s for s in map(stem, CUE_WORDS) if s)
STRICT_CUE_STEMS = frozenset(s for s in map(stem, STRICT_CUE_WORDS) if s)

FOLLOWERS_MEANING_WORD = frozenset({"de", "d'", "d’", "du", "des"})
ARTICLES = frozenset(
    {"le", "la", "les", "l'", "l’", "un", "une", "ce", "cet", "cette", "son", "sa", "ses", "mon", "ma", "notre",
     "votre", "leur", "leurs", "au", "aux", "du", "the", "a"}
)
LEGAL_FORMS = frozenset({"SA", "SAS", "SASU", "SARL", "EURL", "SCOP", "SNC", "SCI", "GIE", "SEM"})
LIST_GLUE = frozenset({",", "/", "&", "+", "et", "ou", "and", "or", "(", ")", "-", "|", ";"})
CUE_WINDOW = 5
LIST_WINDOW = 3


def refused_by_grammar(lower: list[str], start: int, end: int, acronym: bool) -> bool:
    """French grammar says ordinary word. An acronym takes articles like any tool ("le CRM", "du SQL")."""
    after = lower[end] if end < len(lower) else ""
    before = lower[start - 1] if start > 0 else ""
    return after in FOLLOWERS_MEANING_WORD or (before in ARTICLES and not acronym)


def has_cue(lower: list[str], clause: list[int], start: int, end: int, strict: bool) -> bool:
    window = 2 if strict else CUE_WINDOW
    cues = STRICT_CUE_STEMS if strict else CUE_STEMS
    for i in range(max(0, start - window), min(len(lower), end + window)):
        if start <= i < end or clause[i] != clause[start]:
            continue
        if stem(lower[i]) in cues:
            return True
    return False


def in_list_with(lower: list[str], start: int, end: int, accepted: list[tuple[int, int]]) -> bool:
    """True when only list glue separates [start, end) from an accepted mention, within a few tokens."""
    for other_start, other_end in accepted:
        gap = range(other_end, start) if other_end <= start else range(end, other_start)
        if len(gap) <= LIST_WINDOW and all(lower[i] in LIST_GLUE for i in gap):
            return True
    return False


def list_start(lower: list[str], start: int, named: list[tuple[int, int]]) -> int:
    """Where the list a name stands in begins: back over list glue and other names of skills ("Xen, RAC et
    Catalyst" begins at "Xen"), so that a cue before a list covers every name in it."""
    ends = {e: s for s, e in named}
    i = start
    while True:
        j = i
        while j > 0 and lower[j - 1] in LIST_GLUE and i - j < LIST_WINDOW:
            j -= 1
        if j == i or j not in ends:
            return i
        i = ends[j]


def label_cue(lower: list[str], clause: list[int], begin: int) -> bool:
    """A cue word in the label a colon ends right before `begin`: "Environnement technique : ..."."""
    colon = begin - 1
    if colon < 1 or lower[colon] != ":":
        return False
    return any(stem(lower[i]) in CUE_STEMS for i in range(max(0, colon - CUE_WINDOW), colon) if clause[i] == clause[colon - 1])
