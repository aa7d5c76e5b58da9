"""Where a posting presents its employer rather than the job: the "about us" of the company, its group or the
recruiting agency ("Qui sommes-nous ?", "À propos", "Notre client est un acteur majeur…", "Rejoignez un groupe
leader…", "Fondée en 2005, …"). Skills named there ("l'IA, la cybersécurité, le cloud…") are kept as mentions
but flagged: they describe the company, not what the job asks for, and do not count as demand (docs/method.md).

Two ways in, on the clean text, case and accents folded:
- a presentation heading ("Qui sommes-nous", "Description de l'entreprise", "About us"), also glued to the text
  that follows it by a feed that lost its line break ("Description de l'entrepriseSopra Steria…"): the section runs
  to the next heading or to the first sentence that starts the job;
- an opening sentence that presents an organisation ("X est un groupe…", "Notre client, acteur majeur…",
  "Rejoignez un groupe leader…", "Fondée en 2005"): the presentation runs to the end of its line or to the first
  sentence that starts the job.
A sentence starts the job when it says what is sought or done ("Nous recherchons", "Dans le cadre de", "Vous
serez…", "Au sein de l'équipe…", "We are looking for"). The team or unit the job belongs to is the job, not the
employer's presentation: "Rejoignez l'équipe Data" or "Au sein du pôle Data Quality" never open one.
"""

from __future__ import annotations

import re
from bisect import bisect_left

ACCENTED = {"a": "[aàâä]", "e": "[eéèêë]", "i": "[iîï]", "o": "[oôö]", "u": "[uùûü]", "c": "[cç]"}


def accent_free(pattern: str) -> re.Pattern:
    """A pattern written without accents that matches lower-case text with or without them ("societe" matches
    "société"): cheaper than folding every text, which cost a fifth of the extraction."""
    return re.compile(re.sub(r"(?<!\\)[aeiouc]", lambda m: ACCENTED[m.group()], pattern))


ORGANISATION = (
    r"(?:groupe|group|leader|acteur|entreprise|societe|esn|ssii|cabinet|specialiste|editeur|integrateur|start-?up|pme|eti|"
    r"reference|agence|filiale|marque|expert|organisme|association|etablissement|collectivite|enseigne|fabricant|"
    r"constructeur|operateur|fournisseur|prestataire|reseau|institution|banque|mutuelle|cooperative|federation|"
    r"entite|structure|compagnie|multinationale|holding|ecole|universite|hopital|chu|syndicat|"
    r"company|firm|provider|player|organisation|organization|consultancy|agency)"
)
NOT_THE_EMPLOYER = r"vous|toi|votre|ton|ta|tes|vos|(?:du|de la|de ce|de cette|le|la) (?:poste|mission|profil|candidat|offre|role|job)"
PRESENTATION_HEADING = accent_free(
    r"(?:qui sommes[- ]nous|qui est (?!" + NOT_THE_EMPLOYER + r")[^\n?:]{1,40}|a propos(?: de (?!" + NOT_THE_EMPLOYER + r")[^\n?:]{1,40})?|"
    r"description de l'entreprise|presentation(?: (?:de|du|des) (?!" + NOT_THE_EMPLOYER + r")[^\n?:]{1,40})?|l'entreprise|la societe|l'employeur|le groupe|l'agence|le cabinet|"
    r"notre (?:societe|entreprise|groupe|client|histoire|cabinet|agence|ecole|structure)|nous connaitre|"
    r"about us|who we are|about the company|company description|our company|the company)"
)
GLUED_HEADING = accent_free(r"qui sommes[- ]nous|a propos de nous|description de l'entreprise|presentation de l'entreprise|about us")
GLUED_HEADING_END = re.compile(r"[ \t]*[:?!]*[ \t]*[A-ZÀ-Ý]")
OPENER = accent_free(
    r"(?:notre client|notre (?:societe|entreprise|groupe|cabinet|agence|ecole|structure)|le groupe|la societe|l'entreprise|"
    r"nous sommes (?:un|une|le|la|l')|fonde(?:e|s|es)? en \d{4}|cree(?:e|s|es)? en \d{4}|depuis (?:plus de )?\d+ ans|"
    r"(?:leader|acteur majeur|acteur incontournable|acteur reconnu|filiale) (?:de|du|des|d'|en|europeen|"
    r"francais|mondial|national|international)|"
    r"rejoignez (?:un|une|le|la|l'|notre|nos) (?:[\w'-]+ ){0,2}" + ORGANISATION + r"|"
    r"implante(?:e|s|es)? (?:en|a|dans|depuis)|present(?:e|s|es)? dans \d+ pays|"
    r"[\w&'.-]+(?: [\w&'.-]+){0,3},? (?:est|c'est) (?:un|une|le|la|l'|aujourd'hui un|aujourd'hui une) (?:[\w'-]+ ){0,3}"
    + ORGANISATION + r"|"
    r"(?:cabinet|agence) (?:de recrutement|d'interim|de conseil)|"
    r"we are (?:a|an|the) |founded in \d{4}|(?:[\w&'.-]+ ){1,4}is (?:a|an|the) (?:[\w'-]+ ){0,3}" + ORGANISATION + r")"
)
JOB_START = accent_free(
    r"(?:nous recherchons|nous recrutons|nous cherchons|on recherche|je recrute|je recherche|[\w' ]{0,40}recherche (?:un|une|des|son|sa|ses)|"
    r"[\w' ]{0,40}recrute (?:un|une|des|son|sa|ses)|dans le cadre|au sein (?:de l'equipe|du pole|du service|de la direction|de notre equipe|"
    r"de nos equipes|d'une equipe|de son equipe|de la dsi|du departement)|en tant qu|vous (?:serez|interviendrez|integrerez|"
    r"rejoindrez|rejoignez|aurez|etes|avez|participerez|prendrez|assurerez|travaillerez|ferez|allez|evoluerez|serez)|"
    r"votre (?:mission|role|poste|profil|quotidien)|vos missions|le poste|poste|missions?|rattache|rejoignez (?:l'equipe|notre equipe|nos equipes|le pole|"
    r"la direction|le service)|we are looking|we are hiring|you will|your role|the role|the position|description du poste|"
    r"descriptif du poste|profil recherche|responsabilites)"
)
# A sentence that says what is sought or speaks to the candidate is the job's, and ends a presentation: "Notre
# client, acteur majeur…, recherche un(e)…", "Acteur de l'avant-vente à la livraison, vous intervenez…"
SEEKS = accent_free(r"\b(?:recherch(?:e|ons|ent)|recrut(?:e|ons|ent)|looking for|hiring|vous|you)\b|\(e\)|\bh/f\b|\bf/h\b|"
                   r"technologies? (?:telles?|comme)|environnement technique|stack technique|tech stack|technologies such")
JOB_HEADING = accent_free(r"(?:description du poste|descriptif du poste|le poste|vos missions|missions|profil recherche|votre profil|"
                         r"responsabilites|votre role|detail de l'offre|descriptif de l'offre|description)")
# Sentences start after a full stop, also one glued to the next sentence by a lost line break ("…d'euros.Nous
# recherchons"), and at list bullets; job headings glued to their text ("Description du posteNotre…") start one too.
# (List bullets inside a line are looked for only in the lines of an open presentation: a pattern starting at every
# space would cost more than the rest of the search.)
SENTENCE_START = re.compile(r"(?:\n|[.!?;]\s+|[.!?;:](?=[-•·*▪]?\s*[A-ZÀ-Ý]))(?=\S)")
INLINE_BULLET = re.compile(r"\s[-•·*▪]\s*(?=\S)")
GLUED_JOB_HEADING = accent_free(r"description du poste|descriptif du poste|vos missions|votre role|profil recherche|qualifications|"
                               r"responsabilites|missions principales|le poste|your role|the role|job description")
BULLET = re.compile(r"\s*[-•·*▪●►]")
MAX_HEADING = 60


def presentation_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of `text` that present the employer, its group or a recruiting agency."""
    folded = text.lower()
    if len(folded) != len(text):  # a character whose lower case is longer ("İ"): offsets must stay those of text
        folded = text
    # where sentences start, once for the whole text
    sentence_starts = sorted({m.end() for m in SENTENCE_START.finditer(text)}
                             | {m.start() for m in GLUED_JOB_HEADING.finditer(folded) if GLUED_HEADING_END.match(text, m.end())})
    spans: list[tuple[int, int]] = []
    start: int | None = None  # where the open presentation began
    to_line_end = False  # an opener's presentation ends with its line; a heading's runs to the next heading
    line_start = 0
    for line in folded.split("\n"):
        line_end = line_start + len(line)
        stripped = line.strip()
        offset = line_start + len(line) - len(line.lstrip())
        kind = _heading(stripped, folded, offset) if stripped else None
        if kind == "presentation":
            if start is None:
                start = offset
            to_line_end = False
        elif kind == "other":
            if start is not None:
                spans.append((start, line_start))
            start = None
        elif stripped:
            if start is None and _glued_presentation_heading(text, folded, offset):
                start, to_line_end = offset, False
            starts = sentence_starts[bisect_left(sentence_starts, line_start):bisect_left(sentence_starts, line_end)]
            if not starts or starts[0] != offset:
                starts.insert(0, offset)
            if start is not None or to_line_end:
                starts = sorted({*starts, *(line_start + m.end() for m in INLINE_BULLET.finditer(text, line_start, line_end))})
            for at, next_at in zip(starts, [*starts[1:], line_end]):
                ends_opener = to_line_end and BULLET.match(folded, at)  # a list after an opening sentence is the job's
                if start is not None and at > start and (JOB_START.match(folded, at) or SEEKS.search(folded, at, next_at) or ends_opener):
                    spans.append((start, at))
                    start = None
                elif (start is None and not BULLET.match(line) and OPENER.match(folded, at)  # the cheap test first
                      and not SEEKS.search(folded, at, next_at)):
                    start, to_line_end = at, True
            if start is not None and to_line_end:
                spans.append((start, line_end))
                start = None
        line_start = line_end + 1
    if start is not None:
        spans.append((start, len(text)))
    return [(s, _trim(text, s, e)) for s, e in spans if _trim(text, s, e) > s]


def _heading(stripped: str, folded: str, offset: int) -> str | None:
    """'presentation', 'other' (any other short title line) or None (a line of text or a list item)."""
    if len(stripped) > MAX_HEADING or BULLET.match(stripped) or stripped.endswith((".", ",", ";")):
        return None
    title = stripped.rstrip(" :?!\u00a0")
    if PRESENTATION_HEADING.fullmatch(title):
        return "presentation"
    if stripped.endswith(":") or JOB_HEADING.fullmatch(title) or (len(title.split()) <= 8 and not title.endswith(tuple(".,;"))):
        return "other"  # any other title ends a presentation ("CE QUE NOUS POUVONS ACCOMPLIR ENSEMBLE")
    return None


def _glued_presentation_heading(text: str, folded: str, offset: int) -> bool:
    """A presentation heading that opens a line, glued to the text after it ("Qui sommes-nous ?Fondée en…")."""
    match = GLUED_HEADING.match(folded, offset)
    return bool(match and GLUED_HEADING_END.match(text, match.end()))


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def in_spans(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)
