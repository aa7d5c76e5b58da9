"""The spaCy component that finds named digital skills and competence areas in French (and English) text.

Registered as the `digital_skills` factory. Three matchers, all built from the taxonomy data:
- named skills, case- and accent-insensitive (PhraseMatcher on LOWER, with accent-folded variants);
- ambiguous names, case-sensitive (PhraseMatcher on ORTH), kept only when context_rules say technology;
- competence areas, on stems of content words: a keyword alone ("cybersécurité"), or an activity phrase,
  a verb followed in the same clause by its object ("Mettre en place une base de données relationnelle").
Mentions go to `doc._.skill_mentions`, with their requirement level (requirement.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from itertools import accumulate
from pathlib import Path

from spacy.attrs import IDX, IS_SPACE, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from transforms.skills import context_rules
from transforms.skills.mentions import AREA, SKILL, Mention
from transforms.skills.requirement import requirement_levels
from transforms.skills.stems import stem, verb_radical
from transforms.skills.taxonomy import Taxonomy, default_taxonomy, fold, load_taxonomy

if not Doc.has_extension("skill_mentions"):
    Doc.set_extension("skill_mentions", default=None)

CLAUSE_BREAKS = frozenset({".", ";", ":", "!", "?", "•", "·", "▪", "●", "►", "*", "|"})
ACTIVITY_MAX_GAP = 12  # words allowed between a verb and its object
VERB_RADICAL_MIN = 3  # shorter radicals would swallow unrelated words
FUNCTION_WORD = "∅"
KEYWORD, VERB, OBJECT = "keyword", "verb", "object"
GLUED_WORDS = re.compile(r"[a-zà-ÿ][A-ZÀ-Ý]")  # the boundary is one character after the match start


class DigitalSkillsRecognizer:
    def __init__(self, nlp: Language, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.plain = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        # Keywords, activity verbs and activity objects of the areas, matched on NORM, which this component
        # sets to a stem ("développez" → "develop", function words → "∅"): see stems.py.
        self.area_phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.radicals: frozenset[str] = frozenset()
        self._normalized: set[int] = set()  # lexemes whose NORM is already the stem
        self.phrase_targets: dict[int, tuple[str, frozenset[str]]] = {}  # match id → kind, area or activity keys
        self.single_letter: set[str] = set()
        self.glued_forms: dict[str, str] = {}  # folded one-word form → skill id, for words glued together
        self.clause_break_ids = frozenset(nlp.vocab.strings.add(b) for b in CLAUSE_BREAKS)
        self._build(nlp)

    def _build(self, nlp: Language) -> None:
        tokenize = nlp.tokenizer
        for skill in self.taxonomy.skills:
            forms = skill.plain_forms()
            for form in forms:
                if len(form) >= 3 and " " not in form:
                    self.glued_forms.setdefault(fold(form), skill.id)
            self.plain.add(skill.id, [tokenize(f) for f in dict.fromkeys(forms + [fold(f) for f in forms])])
            if skill.ambiguous_aliases:
                # as written, and in capitals: postings shout their tool lists ("switchs CISCO et NEXUS")
                cased = dict.fromkeys([*skill.ambiguous_aliases, *(f.upper() for f in skill.ambiguous_aliases)])
                self.cased.add(skill.id, [tokenize(f) for f in cased])
                self.single_letter |= {f"{skill.id}:{f}" for f in skill.ambiguous_aliases if len(f) == 1}
        self.radicals = frozenset(
            radical
            for area in self.taxonomy.areas
            for activity in area.activities
            for verb in activity.verbs
            if len(radical := verb_radical(stem(verb.split()[0]) or "")) >= VERB_RADICAL_MIN
        )
        targets: dict[tuple[str, str], set[str]] = defaultdict(set)  # (kind, phrase) → area or activity keys
        for area in self.taxonomy.areas:
            for keyword in area.keywords:
                targets[KEYWORD, keyword].add(area.id)
            for n, activity in enumerate(area.activities):
                for kind, phrases in ((VERB, activity.verbs), (OBJECT, activity.objects)):
                    for phrase in phrases:
                        targets[kind, phrase].add(f"{area.id}#{n}")
        # One pattern per distinct normalised phrase: "développer" is the verb of many activities, and one
        # match carrying all their keys is far cheaper than one match per activity.
        by_form: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
        patterns: dict[tuple[str, tuple[str, ...]], Doc] = {}
        for (kind, phrase), keys in targets.items():
            pattern = nlp.tokenizer(phrase)
            for token in pattern:
                token.norm_ = self.normal_form(token.lower_)
            form = (kind, tuple(t.norm_ for t in pattern))
            by_form[form] |= keys
            patterns.setdefault(form, pattern)
        for form, keys in by_form.items():
            key = f"{form[0]}|{' '.join(form[1])}"
            self.phrase_targets[nlp.vocab.strings.add(key)] = (form[0], frozenset(keys))
            self.area_phrases.add(key, [patterns[form]])

    def normal_form(self, lower: str) -> str:
        """What area phrases compare: the verb radical or the stem of a content word, "∅" for a function word."""
        stemmed = stem(lower)
        if stemmed is None:
            return FUNCTION_WORD if lower.isalpha() or lower in ("'", "’") or lower.endswith(("'", "’")) else lower
        for end in range(len(stemmed), VERB_RADICAL_MIN - 1, -1):  # "developpement" → "develop"
            if stemmed[:end] in self.radicals:
                return stemmed[:end]
        return stemmed

    def _normalize_lexemes(self, doc: Doc, orth_ids: list[int]) -> None:
        """Give every word seen for the first time its normal form as NORM (once per vocabulary entry)."""
        new = set(orth_ids) - self._normalized
        if not new:
            return
        vocab = doc.vocab
        for orth in new:
            lexeme = vocab[orth]
            lexeme.norm_ = self.normal_form(lexeme.lower_)
        self._normalized |= new

    def __call__(self, doc: Doc) -> Doc:
        # Token attributes are read as hash arrays: creating a Token object per word would cost more than
        # the tokenizer itself.
        attributes = doc.to_array([LOWER, IS_SPACE, ORTH])
        lower_ids: list[int] = attributes[:, 0].tolist()
        clause = self.clause_ids(lower_ids, attributes[:, 1].tolist())
        self._normalize_lexemes(doc, attributes[:, 2].tolist())
        text = doc.user_data.get("text")
        text = doc.text if text is None else text  # SkillExtractor sets it: doc.text costs a Token per word
        skills = self.named_skills(doc, lower_ids, clause)
        mentions = skills + self.glued_skills(doc, text, skills) + self.areas(doc, clause)
        levels = requirement_levels(text, [(m.start, m.end) for m in mentions])
        doc._.skill_mentions = sorted(
            (Mention(m.concept_id, m.kind, m.label, m.start, m.end, m.areas, level) for m, level in zip(mentions, levels)),
            key=lambda m: (m.start, m.kind != SKILL, m.concept_id),
        )
        return doc

    def named_skills(self, doc: Doc, lower_ids: list[int], clause: list[int]) -> list[Mention]:
        plain = self.plain(doc)
        ambiguous = self.cased(doc)
        if not plain and not ambiguous:
            return []
        kept = longest_first([(s, e, m, True) for m, s, e in plain] + [(s, e, m, False) for m, s, e in ambiguous])
        accepted = [(s, e) for s, e, _, is_plain in kept if is_plain]
        pending = [(s, e, m) for s, e, m, is_plain in kept if not is_plain]
        strings = doc.vocab.strings
        lower = LowerWords(strings, lower_ids)
        for _ in range(2):  # a second pass lets "Go, Rust et Python" chain through accepted neighbours
            for candidate in [c for c in pending if self._ambiguous_is_technology(doc, c, lower, clause, accepted)]:
                accepted.append(candidate[:2])
                pending.remove(candidate)
        accepted_bounds = set(accepted)
        return [self._skill_mention(doc, s, e, strings[m]) for s, e, m, _ in kept if (s, e) in accepted_bounds]

    def _ambiguous_is_technology(self, doc: Doc, candidate: tuple[int, int, int], lower: list[str], clause: list[int],
                                 accepted: list[tuple[int, int]]) -> bool:
        start, end, match_id = candidate
        surface = doc[start:end].text
        if context_rules.refused_by_grammar(lower, start, end, acronym=len(surface) > 1 and surface.isupper()):
            return False
        strict = f"{doc.vocab.strings[match_id]}:{surface}" in self.single_letter
        if strict and end < len(lower) and lower[end] in {"'", "’", "&"}:
            return False
        return context_rules.in_list_with(lower, start, end, accepted) or context_rules.has_cue(lower, clause, start, end, strict)

    def glued_skills(self, doc: Doc, text: str, found: list[Mention]) -> list[Mention]:
        """Skills inside words glued by a feed that lost its line breaks: "LinuxHardware", "PythonDevOps".

        Only words with a lower-to-upper case change that matched nothing are split there, and only plain
        (unambiguous) one-word forms of three letters or more are looked for in the pieces.
        """
        covered = sorted((m.start, m.end) for m in found)
        covered_starts = [start for start, _ in covered]
        boundaries = [
            b for m in GLUED_WORDS.finditer(text)
            if not _inside((b := m.start() + 1), covered, covered_starts)  # "JavaScript" was found whole
        ]
        if not boundaries:
            return []
        starts = doc.to_array(IDX).tolist()
        mentions = []
        for i in sorted({bisect_right(starts, b) - 1 for b in boundaries}):
            token = doc[i]
            if any(s < token.idx + len(token) and token.idx < e for s, e in covered):
                continue
            mentions += self._pieces(token.text, token.idx)
        return mentions

    def _pieces(self, word: str, offset: int) -> list[Mention]:
        cuts = [0, *(m.start() + 1 for m in GLUED_WORDS.finditer(word)), len(word)]
        mentions, i = [], 0
        while i < len(cuts) - 1:
            for j in range(len(cuts) - 1, i, -1):  # longest run of pieces first: "DevOps" before "Dev"
                skill_id = self.glued_forms.get(fold(word[cuts[i] : cuts[j]]))
                if skill_id:
                    skill = self.taxonomy.by_id[skill_id]
                    mentions.append(Mention(skill.id, SKILL, skill.fr, offset + cuts[i], offset + cuts[j], skill.areas))
                    i = j
                    break
            else:
                i += 1
        return mentions

    def _skill_mention(self, doc: Doc, start: int, end: int, skill_id: str) -> Mention:
        skill = self.taxonomy.by_id[skill_id]
        last = doc[end - 1]
        return Mention(skill.id, SKILL, skill.fr, doc[start].idx, last.idx + len(last), skill.areas)

    def clause_ids(self, lower_ids: list[int], is_space: list[int]) -> list[int]:
        """Number the clauses: a new one at sentence punctuation, a bullet, a newline or a wide gap."""
        breaks = self.clause_break_ids
        return list(accumulate(lower in breaks or space for lower, space in zip(lower_ids, is_space)))

    def areas(self, doc: Doc, clause: list[int]) -> list[Mention]:
        found: dict[tuple[str, int], tuple[int, int]] = {}
        objects: dict[str, list[tuple[int, int]]] = defaultdict(list)
        verbs: list[tuple[int, int, frozenset[str]]] = []
        for match_id, start, end in self.area_phrases(doc):
            kind, keys = self.phrase_targets[match_id]
            if kind == KEYWORD:
                for area_id in keys:
                    found.setdefault((area_id, start), (start, end))
            elif kind == OBJECT:
                for key in keys:
                    objects[key].append((start, end))
            else:
                verbs.append((start, end, keys))
        # A verb may open several activities of one area with different objects: the nearest object wins,
        # whatever the order of the keys (a set: iterating it depends on the hash seed).
        activities: dict[tuple[str, int], int] = {}
        for verb_start, verb_end, keys in verbs if objects else []:
            for key in keys & objects.keys():
                for object_start, object_end in objects[key]:
                    near = verb_end <= object_start <= verb_end + ACTIVITY_MAX_GAP
                    if near and clause[verb_start] == clause[object_end - 1]:
                        area_key = (key.split("#")[0], verb_start)
                        activities[area_key] = min(object_end, activities.get(area_key, object_end))
                        break
        for area_key in sorted(activities):
            found.setdefault(area_key, (area_key[1], activities[area_key]))
        return [
            Mention(area_id, AREA, self.taxonomy.by_id[area_id].fr, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), (area_id,))
            for area_id, s, e in merge_overlaps((area_id, s, e) for (area_id, _), (s, e) in found.items())
        ]


def _inside(position: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect_right(starts, position) - 1
    return i >= 0 and spans[i][0] <= position < spans[i][1]


class LowerWords:
    """The lower-case words of a document, looked up only where a context rule reads them."""

    def __init__(self, strings, lower_ids: list[int]) -> None:
        self.strings, self.lower_ids = strings, lower_ids

    def __len__(self) -> int:
        return len(self.lower_ids)

    def __getitem__(self, i: int) -> str:
        return self.strings[self.lower_ids[i]]


def longest_first(spans: list[tuple[int, int, int, bool]]) -> list[tuple[int, int, int, bool]]:
    """Non-overlapping spans, longest first ("SQL Server" over "SQL"), plain before ambiguous on ties."""
    kept: list[tuple[int, int, int, bool]] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda x: (x[0] - x[1], not x[3], x[0])):
        if not taken.intersection(range(span[0], span[1])):
            kept.append(span)
            taken.update(range(span[0], span[1]))
    return sorted(kept)


def merge_overlaps(spans: Iterable[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """One mention per area and stretch of text: "mise en place d'une base de données relationnelle"."""
    merged: list[tuple[str, int, int]] = []
    for key, start, end in sorted(spans, key=lambda x: (x[0], x[1])):
        if merged and merged[-1][0] == key and start < merged[-1][2]:
            merged[-1] = (key, merged[-1][1], max(end, merged[-1][2]))
        else:
            merged.append((key, start, end))
    return sorted(merged, key=lambda x: x[1])


@Language.factory("digital_skills", assigns=["doc._.skill_mentions"], default_config={"taxonomy_dir": ""})
def make_digital_skills(nlp: Language, name: str, taxonomy_dir: str) -> DigitalSkillsRecognizer:
    taxonomy = load_taxonomy(Path(taxonomy_dir)) if taxonomy_dir else default_taxonomy()
    return DigitalSkillsRecognizer(nlp, taxonomy)
