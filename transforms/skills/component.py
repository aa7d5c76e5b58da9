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

from spacy.attrs import IDX, IS_SPACE, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from transforms.skills import context_rules
from transforms.skills.mentions import AREA, SKILL, Mention
from transforms.skills.requirement import requirement_levels
from transforms.skills.stems import stem, stem_phrase, verb_radical
from transforms.skills.taxonomy import Taxonomy, default_taxonomy, fold, load_taxonomy

if not Doc.has_extension("skill_mentions"):
    Doc.set_extension("skill_mentions", default=None)

CLAUSE_BREAKS = frozenset({".", ";", ":", "!", "?", "•", "·", "▪", "●", "►", "*", "|"})
ACTIVITY_MAX_GAP = 8  # content words allowed between a verb and its object
KEYWORD, VERB, OBJECT = "keyword", "verb", "object"
GLUED_WORDS = re.compile(r"[a-zà-ÿ][A-ZÀ-Ý]")  # the boundary is one character after the match start


class StemSequences:
    """Find sequences of stems in one pass (a pure-Python PhraseMatcher over the content-word stream).

    A sequence added with `verb_prefix` starts with a verb radical that conjugated forms start with
    ("concev" matches "concevez", "met" matches "mettre"); shorter radicals must match exactly.
    Keys are opaque to this class: (kind, value) pairs chosen by the caller.
    """

    PREFIX = 3

    def __init__(self) -> None:
        self.sequences: dict[tuple[tuple[str, ...], bool], dict[str, set[str]]] = {}  # → kind → keys
        # text word → ((rest of a sequence it can start, {kind: keys}), ...), filled on first sight of the word
        self._starting_with: dict[str, tuple[tuple[tuple[str, ...], dict[str, frozenset[str]]], ...]] = {}

    def add(self, stems: tuple[str, ...], kind: str, key: str, verb_prefix: bool = False) -> None:
        if not stems:
            return
        if verb_prefix:
            stems = (verb_radical(stems[0]), *stems[1:])
        self.sequences.setdefault((stems, verb_prefix), defaultdict(set))[kind].add(key)
        self._starting_with.clear()

    def _heads(self, first: str) -> tuple[tuple[tuple[str, ...], dict[str, frozenset[str]]], ...]:
        candidates = tuple(
            (sequence[1:], {kind: frozenset(keys) for kind, keys in by_kind.items()})
            for (sequence, prefix), by_kind in self.sequences.items()
            if sequence[0] == first or prefix and len(sequence[0]) >= self.PREFIX and first.startswith(sequence[0])
        )
        self._starting_with[first] = candidates
        return candidates

    def find(self, stems: list[str]) -> list[tuple[int, int, dict[str, frozenset[str]]]]:
        """(start, end, {kind: keys}) for every sequence found, in text order."""
        found = []
        starting_with = self._starting_with
        for i, first in enumerate(stems):
            candidates = starting_with.get(first)
            if candidates is None:
                candidates = self._heads(first)
            if not candidates:
                continue
            for rest, by_kind in candidates:
                if not rest:
                    found.append((i, i + 1, by_kind))
                elif tuple(stems[i + 1 : i + 1 + len(rest)]) == rest:
                    found.append((i, i + 1 + len(rest), by_kind))
        return found


class DigitalSkillsRecognizer:
    def __init__(self, nlp: Language, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.plain = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.area_phrases = StemSequences()  # keywords, activity verbs and activity objects of the areas
        self.single_letter: set[str] = set()
        self.glued_forms: dict[str, str] = {}  # folded one-word form → skill id, for words glued together
        self.clause_break_ids = frozenset(nlp.vocab.strings.add(b) for b in CLAUSE_BREAKS)
        self._stems: dict[int, str] = {}
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
        for area in self.taxonomy.areas:
            for keyword in area.keywords:
                self.area_phrases.add(stem_phrase(keyword, tokenize), KEYWORD, area.id)
            for n, activity in enumerate(area.activities):
                for verb in activity.verbs:
                    self.area_phrases.add(stem_phrase(verb, tokenize), VERB, f"{area.id}#{n}", verb_prefix=True)
                for obj in activity.objects:
                    self.area_phrases.add(stem_phrase(obj, tokenize), OBJECT, f"{area.id}#{n}")

    def __call__(self, doc: Doc) -> Doc:
        # Token attributes are read as hash arrays: creating a Token object per word would cost more than
        # the tokenizer itself.
        attributes = doc.to_array([LOWER, IS_SPACE])
        lower_ids: list[int] = attributes[:, 0].tolist()
        clause = self.clause_ids(lower_ids, attributes[:, 1].tolist())
        text = doc.user_data.get("text")
        text = doc.text if text is None else text  # SkillExtractor sets it: doc.text costs a Token per word
        skills = self.named_skills(doc, lower_ids, clause)
        mentions = skills + self.glued_skills(doc, text, skills) + self.areas(doc, lower_ids, clause)
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
        boundaries = [m.start() + 1 for m in GLUED_WORDS.finditer(text)]
        if not boundaries:
            return []
        starts = doc.to_array(IDX).tolist()
        covered = [(m.start, m.end) for m in found]
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

    def areas(self, doc: Doc, lower_ids: list[int], clause: list[int]) -> list[Mention]:
        cache = self._stems  # lower-case form → stem, "" for function words and punctuation
        keys = list(map(cache.get, lower_ids))
        if None in keys:
            for i, key in enumerate(keys):
                if key is None:
                    keys[i] = cache[lower_ids[i]] = stem(doc.vocab.strings[lower_ids[i]]) or ""
        positions = [i for i, key in enumerate(keys) if key]
        stems = [keys[i] for i in positions]
        found: dict[tuple[str, int], tuple[int, int]] = {}
        objects: dict[str, list[tuple[int, int]]] = defaultdict(list)
        verbs = []
        for start, end, by_kind in self.area_phrases.find(stems) if stems else []:
            for area_id in by_kind.get(KEYWORD, ()):
                found.setdefault((area_id, positions[start]), (positions[start], positions[end - 1] + 1))
            for key in by_kind.get(OBJECT, ()):
                objects[key].append((start, end))
            if VERB in by_kind:
                verbs.append((start, end, by_kind[VERB]))
        for vs, ve, keys in verbs if objects else []:
            for key in keys & objects.keys():
                for os_, oe in objects[key]:
                    if ve <= os_ <= ve + ACTIVITY_MAX_GAP and clause[positions[vs]] == clause[positions[oe - 1]]:
                        area_id = key.split("#")[0]
                        found.setdefault((area_id, positions[vs]), (positions[vs], positions[oe - 1] + 1))
                        break
        return [
            Mention(area_id, AREA, self.taxonomy.by_id[area_id].fr, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), (area_id,))
            for area_id, s, e in merge_overlaps((area_id, s, e) for (area_id, _), (s, e) in found.items())
        ]


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
