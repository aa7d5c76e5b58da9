"""The spaCy component that finds named digital skills and competence areas in French (and English) text.

Registered as the `digital_skills` factory. Three matchers, all built from the taxonomy data:
- named skills, case- and accent-insensitive (PhraseMatcher on LOWER, with accent-folded variants);
- ambiguous names, case-sensitive (PhraseMatcher on ORTH), kept only when context_rules say technology;
- competence areas, on stems of content words: a keyword alone ("cybersécurité"), or an activity phrase,
  a verb followed in the same clause by its object ("Mettre en place une base de données relationnelle").
Mentions go to `doc._.skill_mentions`, with their requirement level (requirement.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from spacy.attrs import IS_SPACE, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from transforms.skills import context_rules
from transforms.skills.mentions import AREA, SKILL, Mention
from transforms.skills.requirement import requirement_levels
from transforms.skills.stems import stem, stem_phrase, verb_radical
from transforms.skills.taxonomy import Taxonomy, default_taxonomy, fold, load_taxonomy

if not Doc.has_extension("skill_mentions"):
    Doc.set_extension("skill_mentions", default=None)

CLAUSE_BREAKS = frozenset({".", ";", ":", "!", "?", "•", "·", "▪", "●", "►", "*", "|"})
ACTIVITY_MAX_GAP = 8  # content words allowed between a verb and its object


class StemSequences:
    """Find sequences of stems (a pure-Python PhraseMatcher over the content-word stream).

    With `verb_prefix`, the first word of a sequence is a verb radical that conjugated forms start with
    ("concev" matches "concevez", "met" matches "mettre"); shorter radicals must match exactly.
    """

    PREFIX = 3

    def __init__(self, verb_prefix: bool = False) -> None:
        self.verb_prefix = verb_prefix
        self.sequences: dict[tuple[str, ...], list[str]] = defaultdict(list)  # stems → keys
        # text word → ((rest of a sequence it can start, keys), ...), filled on first sight of the word
        self._starting_with: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {}

    def add(self, stems: tuple[str, ...], key: str) -> None:
        if not stems:
            return
        if self.verb_prefix:
            stems = (verb_radical(stems[0]), *stems[1:])
        if key not in self.sequences[stems]:
            self.sequences[stems].append(key)
            self._starting_with.clear()

    def _heads(self, first: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
        candidates = tuple(
            (sequence[1:], tuple(keys))
            for sequence, keys in self.sequences.items()
            if sequence[0] == first or self.verb_prefix and len(sequence[0]) >= self.PREFIX and first.startswith(sequence[0])
        )
        self._starting_with[first] = candidates
        return candidates

    def find(self, stems: list[str]) -> list[tuple[int, int, str]]:
        found = []
        starting_with = self._starting_with
        for i, first in enumerate(stems):
            candidates = starting_with.get(first)
            if candidates is None:
                candidates = self._heads(first)
            for rest, keys in candidates:
                if not rest or tuple(stems[i + 1 : i + 1 + len(rest)]) == rest:
                    end = i + 1 + len(rest)
                    found.extend((i, end, key) for key in keys)
        return found


class DigitalSkillsRecognizer:
    def __init__(self, nlp: Language, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.plain = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.area_keywords = StemSequences()
        self.verbs = StemSequences(verb_prefix=True)
        self.objects = StemSequences()
        self.single_letter: set[str] = set()
        self.clause_break_ids = frozenset(nlp.vocab.strings.add(b) for b in CLAUSE_BREAKS)
        self._stems: dict[int, str] = {}
        self._build(nlp)

    def _build(self, nlp: Language) -> None:
        tokenize = nlp.tokenizer
        for skill in self.taxonomy.skills:
            forms = skill.plain_forms()
            self.plain.add(skill.id, [tokenize(f) for f in dict.fromkeys(forms + [fold(f) for f in forms])])
            if skill.ambiguous_aliases:
                self.cased.add(skill.id, [tokenize(f) for f in skill.ambiguous_aliases])
                self.single_letter |= {f"{skill.id}:{f}" for f in skill.ambiguous_aliases if len(f) == 1}
        for area in self.taxonomy.areas:
            for keyword in area.keywords:
                self.area_keywords.add(stem_phrase(keyword, tokenize), area.id)
            for n, activity in enumerate(area.activities):
                for verb in activity.verbs:
                    self.verbs.add(stem_phrase(verb, tokenize), f"{area.id}#{n}")
                for obj in activity.objects:
                    self.objects.add(stem_phrase(obj, tokenize), f"{area.id}#{n}")

    def __call__(self, doc: Doc) -> Doc:
        # Token attributes are read as hash arrays: creating a Token object per word would cost more than
        # the tokenizer itself.
        lower_ids: list[int] = doc.to_array(LOWER).tolist()
        clause = self.clause_ids(lower_ids, doc.to_array(IS_SPACE).tolist())
        mentions = self.named_skills(doc, lower_ids, clause) + self.areas(doc, lower_ids, clause)
        text = doc.user_data.get("text") if mentions else ""  # set by SkillExtractor: doc.text costs a Token per word
        levels = requirement_levels(text if text is not None else doc.text, [(m.start, m.end) for m in mentions])
        doc._.skill_mentions = sorted(
            (Mention(m.concept_id, m.kind, m.label, m.start, m.end, m.areas, level) for m, level in zip(mentions, levels)),
            key=lambda m: (m.start, m.kind != SKILL, m.concept_id),
        )
        return doc

    def named_skills(self, doc: Doc, lower_ids: list[int], clause: list[int]) -> list[Mention]:
        plain = [Span(doc, s, e, label=match_id) for match_id, s, e in self.plain(doc)]
        ambiguous = [Span(doc, s, e, label=match_id) for match_id, s, e in self.cased(doc)]
        kept = filter_spans(plain + ambiguous)  # longest wins: "SQL Server" over "SQL", "Spring Boot" over "Spring"
        plain_bounds = {(s.start, s.end) for s in plain}
        accepted = [(s.start, s.end) for s in kept if (s.start, s.end) in plain_bounds]
        pending = [s for s in kept if (s.start, s.end) not in plain_bounds]
        strings = doc.vocab.strings
        lower = [strings[h] for h in lower_ids] if pending else []
        for _ in range(2):  # a second pass lets "Go, Rust et Python" chain through accepted neighbours
            for span in [s for s in pending if self._ambiguous_is_technology(s, lower, clause, accepted)]:
                accepted.append((span.start, span.end))
                pending.remove(span)
        accepted_bounds = set(accepted)
        return [self._skill_mention(span) for span in kept if (span.start, span.end) in accepted_bounds]

    def _ambiguous_is_technology(self, span: Span, lower: list[str], clause: list[int], accepted: list[tuple[int, int]]) -> bool:
        if context_rules.refused_by_grammar(lower, span.start, span.end):
            return False
        strict = f"{span.label_}:{span.text}" in self.single_letter
        if strict and span.end < len(lower) and lower[span.end] in {"'", "’", "&"}:
            return False
        return context_rules.in_list_with(lower, span.start, span.end, accepted) or context_rules.has_cue(
            lower, clause, span.start, span.end, strict
        )

    def _skill_mention(self, span: Span) -> Mention:
        skill = self.taxonomy.by_id[span.label_]
        return Mention(skill.id, SKILL, skill.fr, span.start_char, span.end_char, skill.areas)

    def clause_ids(self, lower_ids: list[int], is_space: list[int]) -> list[int]:
        """Number the clauses: a new one after sentence punctuation, a bullet, a newline or a wide gap."""
        ids, current, breaks = [], 0, self.clause_break_ids
        for lower_id, space in zip(lower_ids, is_space):
            if space or lower_id in breaks:
                current += 1
            ids.append(current)
        return ids

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
        for s, e, area_id in self.area_keywords.find(stems):
            found.setdefault((area_id, positions[s]), (positions[s], positions[e - 1] + 1))
        objects: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for os_, oe, key in self.objects.find(stems) if stems else []:
            objects[key].append((os_, oe))
        for vs, ve, key in self.verbs.find(stems) if objects else []:
            for os_, oe in objects.get(key, ()):
                if ve <= os_ <= ve + ACTIVITY_MAX_GAP and clause[positions[vs]] == clause[positions[oe - 1]]:
                    area_id = key.split("#")[0]
                    found.setdefault((area_id, positions[vs]), (positions[vs], positions[oe - 1] + 1))
                    break
        return [
            Mention(area_id, AREA, self.taxonomy.by_id[area_id].fr, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), (area_id,))
            for area_id, s, e in merge_overlaps((area_id, s, e) for (area_id, _), (s, e) in found.items())
        ]


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
