"""When a short or ambiguous name ("Go", "R", "Vue", "Chef", "Tableau", "SAS") is really the technology.

A name that is also a French word, a first name or a legal form is kept only when its neighbourhood says
technology: it stands in a list with other named skills ("Python/Go", "Java, Go et Rust"), or a technical
cue word is close ("langage Go", "maîtrise de Tableau", "framework Spring"). It is refused when French
grammar says ordinary word: followed by "de" ("Chef de projet", "Vue d'ensemble", "Tableau de bord") or
preceded by an article ("la Vue", "un Tableau").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from transforms.skills.stems import stem
from transforms.skills.taxonomy import fold

CUE_WORDS = (
    "langage language programmation programming framework frameworks librairie bibliothèque library "
    "logiciel software outil outils technologie technologies techno stack environnement environment "
    "développement développer développeur développeuse dev developer code coder codage maîtrise maîtriser "
    "connaissance connaissances compétence compétences expérience experience certification plateforme "
    "moteur engine scripts script version sous via tools avancé solution solutions modèle modèles engineer "
    "engineers ingénieur ingénieurs application applications cloud stockage data données projet projets "
    "déploiement intégration infrastructure serveur serveurs switch switchs switches routeur routeurs router routers "
    "firewall firewalls pare-feu virtualisation hyperviseur matériel matériels équipement équipements appliance "
    "hardware méthode méthodes méthodologie méthodologies sprint sprints système systèmes"
).split()
STRICT_CUE_WORDS = "langage language programmation programming code coder codage développement développeur".split()

CUE_STEMS = frozenset(s for s in map(stem, CUE_WORDS) if s)
STRICT_CUE_STEMS = frozenset(s for s in map(stem, STRICT_CUE_WORDS) if s)

FOLLOWERS_MEANING_WORD = frozenset({"de", "d'", "d’", "du", "des"})
ARTICLES = frozenset(
    {"le", "la", "les", "l'", "l’", "un", "une", "ce", "cet", "cette", "son", "sa", "ses", "mon", "ma", "notre",
     "votre", "leur", "leurs", "au", "aux", "du", "the", "a"}
)
ADDRESS_NOUNS = frozenset({"adresse", "adresses", "address", "addresses"})
LEGAL_FORMS = frozenset({"SA", "SAS", "SASU", "SARL", "EURL", "SCOP", "SNC", "SCI", "GIE", "SEM"})
LIST_GLUE = frozenset({",", "/", "&", "+", "et", "ou", "and", "or", "(", ")", "-", "|", ";"})
CUE_WINDOW = 5
LIST_WINDOW = 3


def refused_by_grammar(lower: list[str], start: int, end: int, acronym: bool, complement: bool = False) -> bool:
    """French grammar says ordinary word. An acronym takes articles like any tool ("le CRM", "du SQL"); a word
    followed by "de" is an ordinary phrase ("Chef de projet", "Vue d'ensemble"), unless `complement` says it is an
    acronym with its complement ("l'ERP de l'entreprise"). A name that qualifies an address is a property of a
    network interface, not a product: "adresses MAC", "MAC address"."""
    after = lower[end] if end < len(lower) else ""
    before = lower[start - 1] if start > 0 else ""
    if before in ADDRESS_NOUNS or after in ADDRESS_NOUNS:
        return True
    if after in FOLLOWERS_MEANING_WORD:
        return not complement
    return before in ARTICLES and not acronym



# Words before a maker's name that make it the organisation, not its products: "chez IBM", "VxRail de Dell" (the maker
# of a product already named), "partenaire Microsoft", "proposé par Microsoft", "le groupe IBM".
ORGANISATION_WORDS = frozenset({"chez", "de", "d'", "d’", "par", "partenaire", "partenaires", "groupe", "société",
                                "rejoindre", "rejoignez"})


PARTNERSHIP_WORDS = frozenset({"partenariat", "partenariats", "partenaire", "partenaires", "collaboration"})


def names_the_organisation(lower: list[str], start: int) -> bool:
    """A maker's name written as the organisation: "chez IBM", "VxRail de Dell", "partenaire Microsoft",
    "notre partenariat avec Microsoft"."""
    if start == 0:
        return False
    before = lower[start - 1]
    return before in ORGANISATION_WORDS or (before in {"avec", "à", "au"} and start > 1 and lower[start - 2] in PARTNERSHIP_WORDS)


def joined_to_the_word_before(doc, start: int) -> bool:
    """The token is the end of a hyphenated compound: "Front-Office", "AP-HP" (no space around the hyphen)."""
    return doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_


# Words that exclude what follows them from the demand: "des équipements non Microsoft", "connaissances techniques hors
# SAP", "un cycle en V et non devops".
EXCLUSION_WORDS = frozenset({"hors", "non", "sauf"})
# The posting naming an organisation: "Bienvenue chez EAI Ingénierie", "Rejoindre EAI Ingénierie, c'est…": a name
# then a capitalised word, after "chez" or "rejoindre"/"rejoignez".
ORGANISATION_NAME = re.compile(r"(?:\bchez|\b[Rr]ejoi(?:ndre|gnez))\s+([A-ZÀ-Ý][\w&.]*)\s+[A-ZÀ-Ý][a-zà-ÿ]")


def not_demanded(doc, text: str, lower, mentions: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Mentions (token bounds) that name no demanded skill: after a word that excludes it ("hors SAP", "non
    Microsoft"), after "partenariat avec" (the organisation: "en partenariat avec Redhat", unless the posting says
    it is the technology: "en partenariat avec Efficient IP (technologie DDI utilisée)"), or the name of an
    organisation the posting writes after "chez"/"rejoindre" ("chez EAI Ingénierie": every "EAI" of the posting)."""
    organisations = {m.group(1) for m in ORGANISATION_NAME.finditer(text)} if ("chez" in text or "ejoi" in text) else ()
    refused = []
    for start, end in mentions:
        before = lower[start - 1] if start > 0 else ""
        if before in EXCLUSION_WORDS or (organisations and doc[start:end].text in organisations) or (
                before in {"avec", "à", "au"} and start > 1 and lower[start - 2] in PARTNERSHIP_WORDS
                and not said_to_be_technology(lower, end)):
            refused.append((start, end))
    return refused


def said_to_be_technology(lower, end: int) -> bool:
    """A parenthesis right after a name opens with a technical word: "Efficient IP (technologie DDI utilisée)"."""
    return end + 1 < len(lower) and lower[end] == "(" and stem(lower[end + 1]) in CUE_STEMS


def has_cue(lower: list[str], clause: list[int], start: int, end: int, strict: bool) -> bool:
    window = 2 if strict else CUE_WINDOW
    cues = STRICT_CUE_STEMS if strict else CUE_STEMS
    for i in range(max(0, start - window), min(len(lower), end + window)):
        if start <= i < end or clause[i] != clause[start]:
            continue
        if stem(lower[i]) in cues:
            return True
    return False


def in_list_with(lower: list[str], start: int, end: int, accepted: list[tuple[int, int]], doc=None) -> bool:
    """True when only list glue separates [start, end) from an accepted mention, within a few tokens, or list glue
    around one other item of the list the taxonomy does not know, a name written with a capital ("Symantec Endpoint
    Protection, ScanMail (Exchange)": `doc` gives the words as written)."""
    for other_start, other_end in accepted:
        gap = range(other_end, start) if other_end <= start else range(end, other_start)
        if len(gap) <= LIST_WINDOW and all(lower[i] in LIST_GLUE for i in gap):
            return True
        if (doc is not None and 3 <= len(gap) <= LIST_WINDOW + 2 and unknown_list_item(doc, lower, gap)
                and not (end < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_)):  # not "NX-OS"
            return True
    return False


def unknown_list_item(doc, lower, gap: range) -> bool:
    """The gap is list glue, one capitalised name, list glue: ", ScanMail (", ", Spirent, "."""
    items = [i for i in gap if lower[i] not in LIST_GLUE]
    if len(items) != 1 or items[0] in (gap[0], gap[-1]):
        return False
    word = doc[items[0]].text
    return word[:1].isupper() and word.isalnum() and not word.isdigit()


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


WORDS = re.compile(r"[^\W\d_]+")
DEFINITION_STRETCH = 80  # characters looked at before "(ACR)" or inside "ACR (…)"
DEFINITION_FUNCTION_WORDS = frozenset({"de", "des", "du", "d", "la", "le", "les", "l", "et", "en", "à", "au", "aux", "of",
                                       "the", "and", "for"})


def spelling_words(words: list[str], acronym: str) -> list[str] | None:
    """The words, among the last of `words`, whose initials spell the acronym, skipping function words and
    allowing other words in between ("Service", "Systèmes", "Information" in "Service mutualisé des Systèmes
    d'Information" for SSI), or None when they do not spell it."""
    letters = acronym.lower()
    i, j = len(words) - 1, len(letters) - 1
    if i < 0 or words[i][0].lower() != letters[j]:
        return None
    spelling = []
    while i >= 0 and j >= 0:
        if words[i][0].lower() == letters[j] and (words[i].lower() not in DEFINITION_FUNCTION_WORDS or j == 0):
            spelling.append(words[i])
            j -= 1
        i -= 1
    return spelling[::-1] if j < 0 else None


def same_words(these: list[str], those: list[str]) -> bool:
    """Word for word the same, allowing inflection and spelling ("Ressources"/"Resource", "Entreprise"/"Enterprise",
    "pros-logiciels"/"progiciel"): the first three letters, accents folded."""
    return len(these) == len(those) and all(fold(a)[:3] == fold(b)[:3] for a, b in zip(these, those))


def definition_agrees(text: str, acronym: str, forms: frozenset[str]) -> bool | None:
    """Whether the text's definitions of an acronym are the skill's: "Sécurité des systèmes d'information (SSI)"
    is, "Service mutualisé des Systèmes d'Information (SSI)" or "Système de Sécurité Incendie (SSI)" is not.
    A definition is "Words (ACR)" or "ACR (Words)" whose initials spell the acronym; it is compared word for word
    with the skill's names that spell it. None when the text defines it nowhere or the skill has no such name;
    one definition that is not the skill's is enough to refuse."""
    expansions = [spelled for form in forms if (spelled := spelling_words(WORDS.findall(form), acronym))]
    if not expansions:
        return None
    definitions = []
    before = f"({acronym})"
    position = text.find(before)
    while position >= 0:
        definitions.append(spelling_words(WORDS.findall(text[max(0, position - DEFINITION_STRETCH):position]), acronym))
        position = text.find(before, position + 1)
    after = f"{acronym} ("
    position = text.find(after)
    while position >= 0:
        inside = WORDS.findall(text[position + len(after):position + len(after) + DEFINITION_STRETCH].split(")")[0])
        spelled = spelling_words(inside, acronym)
        # the whole parenthesis spells it, from its first word
        definitions.append(spelled if spelled and inside and spelled[0] is inside[0] else None)
        position = text.find(after, position + 1)
    definitions = [d for d in definitions if d]
    if not definitions:
        return None
    return all(any(same_words(d, e) for e in expansions) for d in definitions)
