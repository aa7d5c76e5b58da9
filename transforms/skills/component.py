"""The spaCy component that finds named digital skills and competence areas in French (and English) text.

Registered as the `digital_skills` factory. Three matchers, all built from the taxonomy data:
- named skills, case- and accent-insensitive (PhraseMatcher on LOWER, with accent-folded variants);
- ambiguous names, case-sensitive (PhraseMatcher on ORTH), kept only when context_rules say technology;
- competence areas, on stems of content words: a keyword alone ("cybersécurité"), or an activity phrase,
  a verb followed in the same clause by its object ("Mettre en place une base de données relationnelle").
Results go to `doc.spans["skills"]` and `doc.spans["areas"]`: each span's `kb_id_` is the concept id, its
`label_` the kind ("skill", "area"), `span._.requirement` its requirement level (requirement.py),
`span._.in_company_presentation` whether it lies in the employer's or recruiter's own presentation (presentation.py).
`DigitalSkillsRecognizer.mentions(doc)` turns them into `Mention`s with offsets into the text given to `nlp`.

The component changes nothing shared: area phrases are matched on NORM values it writes on the Doc's tokens
for the time of the match and then puts back, never on the vocabulary's lexemes (which the French model's
tagger and NER read). It saves its taxonomy with the pipeline (`to_disk`), so a saved pipeline is complete.
"""

from __future__ import annotations

import re
import shutil
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy
from spacy.attrs import IDX, IS_SPACE, LOWER, NORM
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH_STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, minibatch
from spacy.vocab import Vocab

from transforms.skills import context_rules
from transforms.skills.cleaning_tokenizer import clean_text_of, original_offsets
from transforms.skills.mentions import AREA, REQUIRED, SKILL, Mention
from transforms.skills.presentation import in_spans, presentation_spans
from transforms.skills.requirement import requirement_levels
from transforms.skills.stems import stem, verb_radical
from transforms.skills.taxonomy import TAXONOMY_FILES, Taxonomy, default_taxonomy, fold, load_taxonomy

if not Span.has_extension("requirement"):
    Span.set_extension("requirement", default=None)
if not Span.has_extension("in_company_presentation"):
    Span.set_extension("in_company_presentation", default=False)

SKILLS_KEY, AREAS_KEY = "skills", "areas"  # doc.spans groups

CLAUSE_BREAKS = frozenset({".", ";", ":", "!", "?", "•", "·", "▪", "●", "►", "*", "|"})
ACTIVITY_MAX_GAP = 12  # words allowed between a verb and its object
VERB_RADICAL_MIN = 3  # shorter radicals would swallow unrelated words
FUNCTION_WORD = "∅"
KEYWORD, VERB, OBJECT = "keyword", "verb", "object"
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PLAIN, CASED, ANY_CASE = 2, 1, 0  # how a skill name matched: a plain form, an ambiguous one as written, in another case
ANY_CASE_KEY = "any case:"  # prefix of the match keys of ambiguous names in any case
ANY_CASE_MIN_LENGTH = 3  # "go", "r" in lower case are words, not in a list of tools
ACRONYM_MIN_LENGTH = 3  # "AD", "PO", "IA" name too many things for one posting to settle them
TECHNICAL_POSTING_SKILLS = 3  # distinct skills a posting names before its ambiguous acronyms are taken as skills
# Where a feed that lost its line breaks glued two words: a lower-case letter then a capital ("ServerPré-requis",
# "PythonDevOps"), or an acronym then a capitalised word ("GPOCe que", "SAFEVous").
# Two patterns (one alternation costs up to 3× more), each starting with a single capital so that the search
# stops only at capitals (a lower-case letter or a repeat first costs 1.5× more); the boundary is at the capital
# after a lower-case letter, two characters into an acronym.
# A lone final "s" is a plural, not a word: "APIs", "PMEs".
GLUED_AFTER_LOWER = re.compile(r"[A-ZÀ-Ý](?<=[a-zà-ÿ][A-ZÀ-Ý])")
GLUED_AFTER_ACRONYM = re.compile(r"[A-ZÀ-Ý][A-ZÀ-Ý]{2}(?:[a-zà-ÿ]{2}|[a-rt-zà-ÿ])")
# A version number or a "#"/"+" that ends a name, then a capitalised word: "Office 365Gestion", "C#Informations".
GLUED_AFTER_SYMBOL = re.compile(r"[0-9#+][A-ZÀ-Ý][a-zà-ÿ]{2}")


class DigitalSkillsRecognizer:
    def __init__(self, nlp: Language, taxonomy: Taxonomy | Path | None = None) -> None:
        """taxonomy: the taxonomy, or the folder to read it from when first needed (None: the bundled one).
        Reading is deferred so that loading a saved pipeline reads only the taxonomy saved with it."""
        self.vocab = nlp.vocab
        self.tokenize = pattern_tokenizer(nlp)
        self.clause_break_ids = frozenset(nlp.vocab.strings.add(b) for b in CLAUSE_BREAKS)
        self._clause_break_array = numpy.array(sorted(self.clause_break_ids), dtype=numpy.uint64)
        self._taxonomy: Taxonomy | None = None
        self._taxonomy_source = taxonomy
        if isinstance(taxonomy, Taxonomy):
            self._set_taxonomy(taxonomy)

    @property
    def taxonomy(self) -> Taxonomy:
        if self._taxonomy is None:
            source = self._taxonomy_source
            self._set_taxonomy(load_taxonomy(Path(source)) if source else default_taxonomy())
        return self._taxonomy

    def _set_taxonomy(self, taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy
        self.plain = PhraseMatcher(self.vocab, attr="LOWER")
        self.cased = PhraseMatcher(self.vocab, attr="ORTH")
        # ambiguous names in any case are matched by the same LOWER matcher as plain forms (one pass over the Doc),
        # under a key of their own: key hash → the skill's id hash
        self._any_case_of: dict[int, int] = {}
        # Keywords, activity verbs and activity objects of the areas, matched on NORM, which this component
        # sets on the Doc's tokens to a stem ("développez" → "develop", function words → "∅"): see stems.py.
        self.area_phrases = PhraseMatcher(self.vocab, attr="NORM")
        self.radicals: frozenset[str] = frozenset()
        self._norm_of: dict[int, int] = {}  # LOWER hash → hash of its normal form, computed once per word
        self.phrase_targets: dict[int, tuple[str, frozenset[str]]] = {}  # match id → kind, area or activity keys
        self.single_letter: set[str] = set()
        self.one_word_forms: set[str] = set()  # folded one-token forms, never split as glued words ("JavaScript")
        self.form_words: set[str] = set()  # folded words of all forms: a glued word is split when a piece is one
        self.forms_of: dict[str, frozenset[str]] = {}  # skill id → its plain forms and variants
        self.vendor_ids: frozenset[int] = frozenset()  # hashes of the ids of makers' names (taxonomy `vendor: true`)
        self._build()

    def _build(self) -> None:
        tokenize = self.tokenize
        taken = {fold(f) for skill in self.taxonomy.skills for f in [*skill.plain_forms(), *skill.ambiguous_aliases]}
        self.vendor_ids = frozenset(self.vocab.strings.add(skill.id) for skill in self.taxonomy.skills if skill.vendor)
        for skill in self.taxonomy.skills:
            forms = skill.plain_forms()
            forms += [v for v in variants(forms) if fold(v) not in taken]
            self.forms_of[skill.id] = frozenset(forms)
            self.one_word_forms |= {fold(f) for f in [*forms, *skill.ambiguous_aliases] if " " not in f}
            self.form_words |= {w for f in [*forms, *skill.ambiguous_aliases] for w in fold(f).split()}
            patterns = [tokenize(f) for f in dict.fromkeys(forms + [fold(f) for f in forms])]
            self.plain.add(skill.id, patterns + [p for p in map(split_at_hyphens, patterns) if p is not None])
            spaced = [f for f in spaced_names(forms) if fold(f) not in taken]
            if skill.ambiguous_aliases or spaced:
                # as written, and in capitals: postings shout their tool lists ("switchs CISCO et NEXUS")
                cased = dict.fromkeys([*skill.ambiguous_aliases, *(f.upper() for f in skill.ambiguous_aliases),
                                       *(p for p in acronym_plurals(skill.ambiguous_aliases) if fold(p) not in taken),
                                       *spaced, *(f.upper() for f in spaced)])
                self.cased.add(skill.id, [tokenize(f) for f in cased])
                self.single_letter |= {f"{skill.id}:{f}" for f in skill.ambiguous_aliases if len(f) == 1}
                # in any other case only inside a list of accepted skills ("Python, docker, jenkins")
                any_case = [f for f in skill.ambiguous_aliases if len(f) >= ANY_CASE_MIN_LENGTH]
                if any_case:
                    key = f"{ANY_CASE_KEY}{skill.id}"
                    self._any_case_of[self.vocab.strings.add(key)] = self.vocab.strings.add(skill.id)
                    self.plain.add(key, [tokenize(f) for f in any_case])
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
            pattern = tokenize(phrase)
            for token in pattern:
                token.norm_ = self.normal_form(token.lower_)  # on the pattern's own tokens, not the lexeme
            form = (kind, tuple(t.norm_ for t in pattern))
            by_form[form] |= keys
            patterns.setdefault(form, pattern)
        for form, keys in by_form.items():
            key = f"{form[0]}|{' '.join(form[1])}"
            self.phrase_targets[self.vocab.strings.add(key)] = (form[0], frozenset(keys))
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

    def _norms(self, lower_ids: list[int]) -> numpy.ndarray:
        """The normal form of each token as a hash; a word's form is computed the first time it is seen."""
        norm_of = self._norm_of
        try:  # most documents hold no word the component has not met
            return numpy.fromiter(map(norm_of.__getitem__, lower_ids), dtype=numpy.uint64, count=len(lower_ids))
        except KeyError:
            for lower in set(lower_ids).difference(norm_of):
                norm_of[lower] = self.vocab.strings.add(self.normal_form(self.vocab.strings[lower]))
            return numpy.fromiter(map(norm_of.__getitem__, lower_ids), dtype=numpy.uint64, count=len(lower_ids))

    def __call__(self, doc: Doc) -> Doc:
        if self._taxonomy is None:
            self.taxonomy  # noqa: B018  (read it now)
        text = clean_text_of(doc)
        self._split_glued_words(doc, text)
        # Token attributes are read as hash arrays: creating a Token object per word would cost more than
        # the tokenizer itself.
        attributes = doc.to_array([LOWER, IS_SPACE, IDX])
        lower_ids: list[int] = attributes[:, 0].tolist()
        clause = self.clause_ids(attributes[:, 0], attributes[:, 1])
        starts: list[int] = attributes[:, 2].tolist()
        found = self.named_skills(doc, text, lower_ids, clause) + self.areas(doc, lower_ids, clause)
        bounds = [(starts[s], starts[e - 1] + len(doc[e - 1])) for _, _, s, e in found]
        if "www." in text or "://" in text or "@" in text:  # a web or mail address names no skill ("www.python.org")
            addresses = [m.span() for m in WEB_ADDRESS.finditer(text)]
            kept = [i for i, (a, b) in enumerate(bounds) if not any(s <= a and b <= e for s, e in addresses)]
            found, bounds = [found[i] for i in kept], [bounds[i] for i in kept]
        groups: dict[str, list[Span]] = {SKILLS_KEY: [], AREAS_KEY: []}
        presentation = presentation_spans(text) if found else []
        for (concept_id, kind, s, e), level, (a, b) in zip(found, requirement_levels(text, bounds), bounds):
            span = Span(doc, s, e, label=kind, kb_id=concept_id)
            extension = span._  # one accessor for both (each `span._` builds one)
            extension.requirement = level
            if presentation and in_spans(presentation, a, b):  # False is the extension's default
                extension.in_company_presentation = True
            groups[SKILLS_KEY if kind == SKILL else AREAS_KEY].append(span)
        doc.spans[SKILLS_KEY] = groups[SKILLS_KEY]
        doc.spans[AREAS_KEY] = groups[AREAS_KEY]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """A whole batch is tokenised before this component runs over it (the tokenizer's and this component's
        data each stay in the CPU caches for a batch): measured ~20 % faster than document by document."""
        for batch in minibatch(docs, size=batch_size):
            yield from [self(doc) for doc in batch]

    def mentions(self, doc: Doc) -> list[Mention]:
        """The mentions of a processed Doc, with offsets into the text given to `nlp`."""
        mentions = []
        by_id = self.taxonomy.by_id
        to_original = original_offsets(doc)
        for key in (SKILLS_KEY, AREAS_KEY):
            for span in doc.spans.get(key, ()):
                concept = by_id[span.kb_id_]
                label = span.label_
                areas = (concept.id,) if label == AREA else concept.areas
                start, end = to_original(span.start_char, span.end_char)
                extension = span._
                mentions.append(Mention(concept.id, label, concept.fr, start, end, areas, extension.requirement or REQUIRED,
                                        bool(extension.in_company_presentation)))
        return sorted(mentions, key=lambda m: (m.start, m.kind != SKILL, m.concept_id))

    def named_skills(self, doc: Doc, text: str, lower_ids: list[int], clause: list[int]) -> list[tuple[str, str, int, int]]:
        lower_matches = self.plain(doc)
        any_case_of = self._any_case_of
        plain = [match for match in lower_matches if match[0] not in any_case_of]
        ambiguous = self.cased(doc)
        if not plain and not ambiguous:
            return []
        cased_bounds = {(s, e) for _, s, e in ambiguous}
        any_case = [(s, e, any_case_of[m], ANY_CASE) for m, s, e in lower_matches
                    if m in any_case_of and (s, e) not in cased_bounds] if plain else []
        kept = longest_first([(s, e, m, PLAIN) for m, s, e in plain] + [(s, e, m, CASED) for m, s, e in ambiguous] + any_case)
        accepted = [(s, e) for s, e, _, kind in kept if kind == PLAIN]
        pending = [(s, e, m, kind) for s, e, m, kind in kept if kind != PLAIN]
        strings = doc.vocab.strings
        lower = LowerWords(strings, lower_ids)
        named = [(s, e) for s, e, _, _ in kept]
        while True:  # again while names chain through accepted neighbours ("Suite Microsoft (Exchange, Office, Office 365)")
            newly = [c for c in pending if self._ambiguous_is_technology(doc, c, lower, clause, accepted, named)]
            if not newly:
                break
            for candidate in newly:
                accepted.append(candidate[:2])
                pending.remove(candidate)
        pending = [c for c in pending if c[2] not in self.vendor_ids]  # a maker's name is no acronym of a skill ("IBM")
        if pending and accepted:
            accepted += self._acronyms_of_accepted_skills(doc, text, pending, accepted, kept, lower)
        if pending and len(accepted) >= TECHNICAL_POSTING_SKILLS:
            accepted += self._acronyms_in_technical_posting(doc, text, pending, accepted, kept, lower, clause)
        if "(" in text:
            accepted = self._acronyms_as_defined(doc, text, kept, accepted)
        accepted_bounds = set(accepted)
        accepted_bounds.difference_update(context_rules.not_demanded(doc, text, lower, accepted))
        starts = self._vendors_with_their_products(doc, kept, accepted_bounds) if self.vendor_ids else {}
        return [(strings[m], SKILL, starts.get((s, e), s), e) for s, e, m, _ in kept if (s, e) in accepted_bounds]

    def _vendors_with_their_products(self, doc: Doc, kept: list[tuple[int, int, int, int]], accepted_bounds: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
        """A maker's name written right before a product it makes is part of the product's name ("Microsoft Windows
        Server", "HP Aruba", "DELL PowerVault"): the product's mention starts at the maker's name, which is no mention
        of its own. Returns the new start of each such product (bounds → start); `accepted_bounds` loses the makers."""
        starts = {}
        for (start, end, match_id, kind), (next_start, next_end, next_id, next_kind) in pairwise(kept):
            # a maker's bare name (an ambiguous form), then a product's name (not another maker's bare name)
            if (match_id in self.vendor_ids and kind != PLAIN
                    and (next_start == end or self._own_product_after_a_slash(doc, start, end, next_start, next_id))
                    and (next_kind == PLAIN or next_id not in self.vendor_ids) and (next_start, next_end) in accepted_bounds):
                starts[next_start, next_end] = start
                accepted_bounds.discard((start, end))
        return starts

    def _own_product_after_a_slash(self, doc: Doc, start: int, end: int, next_start: int, next_id: int) -> bool:
        """"Microsoft/Office 365": the maker, a slash, a product whose name starts with the maker's ("Microsoft Office");
        not "Microsoft/Linux", two things."""
        if next_start != end + 1 or doc[end].text != "/":
            return False
        product = self.taxonomy.by_id[doc.vocab.strings[next_id]]
        maker = fold(doc[start:end].text)
        return any(fold(label).startswith(maker + " ") for label in (product.fr, product.en))

    def _acronyms_as_defined(self, doc: Doc, text: str, kept: list[tuple[int, int, int, int]],
                             accepted: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """An acronym the posting defines is what the definition says, wherever it stands in the posting: the
        skill when the definition is one of its names ("Master Data Management (MDM)"), no skill when it is
        something else ("Service mutualisé des Systèmes d'Information (SSI)", "Système de Sécurité Incendie (SSI)")."""
        strings = doc.vocab.strings
        verdicts: dict[tuple[str, str], bool | None] = {}
        accepted_bounds = set(accepted)
        result = []
        for start, end, match_id, _ in kept:
            surface = doc[start].text if end - start == 1 else ""
            if len(surface) >= 2 and surface.isupper() and surface.isalpha() and (f"({surface})" in text or f"{surface} (" in text):
                key = (strings[match_id], surface)
                if key not in verdicts:
                    verdicts[key] = context_rules.definition_agrees(text, surface, self.forms_of[key[0]])
                if verdicts[key] is not None:
                    if verdicts[key]:
                        result.append((start, end))
                    continue
            if (start, end) in accepted_bounds:
                result.append((start, end))
        return result

    def _acronyms_of_accepted_skills(self, doc: Doc, text: str, pending: list[tuple[int, int, int, int]], accepted: list[tuple[int, int]],
                                     kept: list[tuple[int, int, int, int]], lower: LowerWords) -> list[tuple[int, int]]:
        """An ambiguous acronym ("ERP", "MDM", "RAC") of a skill the posting names elsewhere, by a plain form or an
        accepted occurrence ("Master Data Management ... la gouvernance MDM"), is that skill. Not when the posting
        also writes the acronym's letters as an ordinary lower-case word ("MES" and "mes"), nor for a legal form."""
        accepted_bounds = set(accepted)
        named = {m for s, e, m, _ in kept if (s, e) in accepted_bounds}
        candidates = [c for c in pending if c[3] == CASED and c[2] in named and c[1] - c[0] == 1]
        found = []
        for start, end, _, _ in candidates:
            surface = doc[start].text
            if (len(surface) >= ACRONYM_MIN_LENGTH and surface.isupper() and surface not in context_rules.LEGAL_FORMS
                    and not context_rules.refused_by_grammar(lower, start, end, acronym=True,
                                                             complement=acronym_with_complement(doc, start, end))
                    and not written_as_a_word(surface.lower()).search(text)):
                found.append((start, end))
        return found

    def _acronyms_in_technical_posting(self, doc: Doc, text: str, pending: list[tuple[int, int, int, int]], accepted: list[tuple[int, int]],
                                       kept: list[tuple[int, int, int, int]], lower: LowerWords, clause: list[int]) -> list[tuple[int, int]]:
        """In a posting that names several distinct skills, an ambiguous acronym of a skill ("NAS", "NOC", "SOC",
        "ERP") is that skill: "Gérer Active Directory, les NAS et les sauvegardes"; one of two letters ("AD", "BI")
        names too many things for that, and is the skill only in a clause that names another ("les services AD :
        comptes, GPO"). Not a legal form, not where grammar says otherwise, not when the posting also writes its
        letters as a lower-case word, inside a run of capitals (a shouted heading: "MES MISSIONS") nor joined by a
        hyphen ("NX-OS")."""
        accepted_bounds = set(accepted)
        if len({m for s, e, m, _ in kept if (s, e) in accepted_bounds}) < TECHNICAL_POSTING_SKILLS:
            return []
        named = {s for s, e in accepted_bounds}
        found = []
        for start, end, _, kind in pending:
            if kind != CASED or end - start != 1:
                continue
            surface = doc[start].text
            if len(surface) < ACRONYM_MIN_LENGTH and not (len(surface) == 2 and any(clause[s] == clause[start] for s in named)):
                continue
            if (not surface.isupper() or not surface.isalpha() or surface in context_rules.LEGAL_FORMS
                    or context_rules.refused_by_grammar(lower, start, end, acronym=True,
                                                        complement=acronym_with_complement(doc, start, end))
                    or any(shouted(doc[i].text) and i not in named for i in (start - 1, start + 1) if 0 <= i < len(doc))
                    or part_of_a_compound(doc, start)):
                continue
            if not written_as_a_word(surface.lower()).search(text):
                found.append((start, end))
        return found

    def _ambiguous_is_technology(self, doc: Doc, candidate: tuple[int, int, int, int], lower: LowerWords, clause: list[int],
                                 accepted: list[tuple[int, int]], named: list[tuple[int, int]]) -> bool:
        start, end, match_id, kind = candidate
        surface = doc[start:end].text
        if context_rules.refused_by_grammar(lower, start, end, acronym=len(surface) > 1 and surface.isupper(),
                                            complement=acronym_with_complement(doc, start, end)):
            return False
        if match_id in self.vendor_ids and not self._vendor_as_technology(doc, start, end, lower, named):
            return False
        if self._inside_a_compound(doc, start, named):
            return False
        if kind == ANY_CASE:
            return context_rules.in_list_with(lower, start, end, accepted)
        strict = f"{doc.vocab.strings[match_id]}:{surface}" in self.single_letter
        if strict and end < len(lower) and lower[end] in {"'", "’", "&"}:
            return False
        if context_rules.in_list_with(lower, start, end, accepted, doc):
            return True
        if part_of_a_compound(doc, end - 1) and not any(s == end + 1 for s, _ in named):
            return False  # joined to a word that names nothing, out of a list: "le système NAS-OS" (not "SAN-NAS-S3")
        # a cue before a list covers the whole list ("maîtrise des outils Xen, RAC et Catalyst"), and so does an
        # inline label opening it ("Environnement technique : Xen, RAC et Catalyst")
        begin = context_rules.list_start(lower, start, named)
        return context_rules.has_cue(lower, clause, begin, end, strict) or (not strict and context_rules.label_cue(lower, clause, begin))

    @staticmethod
    def _inside_a_compound(doc: Doc, start: int, named: list[tuple[int, int]]) -> bool:
        """An ambiguous name joined by a hyphen to the word before it, a word that names no skill, ends a compound:
        "Front-Office", "Back-Office" ("Java-Spark" keeps "Spark": "Java" is a name). The word after a hyphen is not
        read: "Cassandra-Outils" is a bullet glued by a lost line break."""
        return start > 1 and context_rules.joined_to_the_word_before(doc, start) and not any(e == start - 1 for _, e in named)

    @staticmethod
    def _vendor_as_technology(doc: Doc, start: int, end: int, lower: LowerWords, named: list[tuple[int, int]]) -> bool:
        """A maker's name may stand for its products, except as the organisation ("chez IBM", "VxRail de Dell",
        "partenariat avec Microsoft"), as the label of a list of its tools ("Outils : IBM : BDRM, ECDB"), as the first
        word of a name the taxonomy does not know ("Microsoft Learn", "IBM Cloud") or inside a compound ("AP-HP")."""
        if context_rules.names_the_organisation(lower, start):
            return False
        if end < len(doc):
            following = doc[end].text
            if following == ":" and (start == 0 or doc[start - 1].is_space or doc[start - 1].is_punct):
                return False  # the label of a list item ("Outils : IBM : BDRM"), not "une infrastructure Microsoft :"
            if following[:1].isupper() and following.isalpha() and not any(s == end for s, _ in named):
                return False
            if following == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
                return False
        return not (start > 1 and context_rules.joined_to_the_word_before(doc, start))

    def _split_glued_words(self, doc: Doc, text: str) -> None:
        """Split words glued by a feed that lost its line breaks ("SQL ServerPré-requis" → "Server", "Pré-requis";
        "Office 365Gestion", "C#Informations") into tokens, so that every matcher sees the words. A word the taxonomy
        knows whole ("JavaScript", "DevOps") or as a word of a name ("eXperience" of "User eXperience") is left as it
        is, and so is one none of whose pieces is a word of a skill's name ("entrepriseSopra"): retokenising costs
        more than the whole match."""
        boundaries = sorted([m.start() for m in GLUED_AFTER_LOWER.finditer(text)]
                            + [m.start() + 2 for m in GLUED_AFTER_ACRONYM.finditer(text)]
                            + [m.start() + 1 for m in GLUED_AFTER_SYMBOL.finditer(text)])
        if not boundaries:
            return
        starts = doc.to_array(IDX).tolist()
        cuts: dict[int, list[int]] = defaultdict(list)
        for b in boundaries:
            i = bisect_right(starts, b) - 1
            if i >= 0 and starts[i] < b < starts[i] + len(doc[i]) and b - starts[i] not in cuts[i]:
                cuts[i].append(b - starts[i])
        splits = []
        for i, offsets in cuts.items():
            word = doc[i].text
            folded = fold(word)
            # a word the taxonomy knows whole, or as a word of a name, is not glued ("JavaScript", "User eXperience")
            if folded in self.one_word_forms or fold(word.rstrip("s")) in self.one_word_forms or folded in self.form_words:
                continue
            two_names = self._two_known_names(folded)  # "HyperVPRTG": "HyperV" and "PRTG", not "Hyper" and "VPRTG"
            if two_names:
                offsets = [two_names]
            pieces = [word[a:b] for a, b in zip([0, *offsets], [*offsets, len(word)])]
            if any(fold(piece) in self.form_words for piece in pieces):  # splitting others would change nothing
                # each piece tokenised as the tokenizer would have done it ("C#" is "C", "#", as in the patterns)
                splits.append((doc[i], [t for piece in pieces for t in
                                        ([piece] if piece.isalnum() else [t.text for t in self.tokenize(piece)])]))
        if splits:
            with doc.retokenize() as retokenizer:
                for token, pieces in splits:
                    retokenizer.split(token, pieces, heads=[(token, 0)] * len(pieces))

    def _two_known_names(self, folded: str) -> int | None:
        """Where a word splits into two names the taxonomy knows whole ("hypervprtg" → 6), or None."""
        for cut in range(2, len(folded) - 1):
            if folded[:cut] in self.one_word_forms and folded[cut:] in self.one_word_forms:
                return cut
        return None

    def clause_ids(self, lower_ids: numpy.ndarray, is_space: numpy.ndarray) -> list[int]:
        """Number the clauses: a new one at sentence punctuation, a bullet, a newline or a wide gap (arrays of
        the tokens' LOWER and IS_SPACE, as `Doc.to_array` gives them)."""
        breaks = is_space != 0
        for break_id in self._clause_break_array:  # a dozen comparisons of whole arrays beat a set test per token
            breaks |= lower_ids == break_id
        return numpy.cumsum(breaks).tolist()

    def _area_matches(self, doc: Doc, lower_ids: list[int]) -> list[tuple[int, int, int]]:
        """Area phrases found on the tokens' normal forms, written on the Doc's tokens only for the match."""
        saved = doc.to_array([NORM])
        doc.from_array([NORM], self._norms(lower_ids))
        try:
            return self.area_phrases(doc)
        finally:
            doc.from_array([NORM], saved)

    def areas(self, doc: Doc, lower_ids: list[int], clause: list[int]) -> list[tuple[str, str, int, int]]:
        found: dict[tuple[str, int], tuple[int, int]] = {}
        objects: dict[str, list[tuple[int, int]]] = defaultdict(list)
        verbs: list[tuple[int, int, frozenset[str]]] = []
        for match_id, start, end in self._area_matches(doc, lower_ids):
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
        return [(area_id, AREA, s, e) for area_id, s, e in merge_overlaps((a, s, e) for (a, _), (s, e) in found.items())]

    # Serialisation: the taxonomy travels with the pipeline; the matchers are rebuilt from it on loading.
    def to_disk(self, path, exclude=()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.taxonomy.directory is None:
            raise ValueError("this taxonomy was not read from files (load_taxonomy) and cannot be saved")
        for name in TAXONOMY_FILES:
            shutil.copyfile(self.taxonomy.directory / name, path / name)

    def from_disk(self, path, exclude=()) -> DigitalSkillsRecognizer:
        self._set_taxonomy(load_taxonomy(ensure_path(path)))
        return self


class LowerWords:
    """The lower-case words of a document, looked up only where a context rule reads them."""

    def __init__(self, strings, lower_ids: list[int]) -> None:
        self.strings, self.lower_ids = strings, lower_ids

    def __len__(self) -> int:
        return len(self.lower_ids)

    def __getitem__(self, i: int) -> str:
        return self.strings[self.lower_ids[i]]


def longest_first(spans: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Non-overlapping spans, longest first ("SQL Server" over "SQL"), plain before ambiguous on ties."""
    kept: list[tuple[int, int, int, int]] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda x: (x[0] - x[1], -x[3], x[0])):
        if not taken.intersection(range(span[0], span[1])):
            kept.append(span)
            taken.update(range(span[0], span[1]))
    return sorted(kept)


def pattern_tokenizer(nlp: Language) -> Tokenizer:
    """The pipeline's tokenizer rules on a vocabulary of their own, for the patterns.

    A tokenizer caches the tokens of a bounded number of chunks (spaCy's `max_cache_size`, see
    cleaning_tokenizer.py) and splits every other chunk again at each occurrence. The taxonomy's ~10,000 pattern
    words would take that room in the pipeline's tokenizer before the first posting (measured with spaCy's
    10,000: tokenising 4× slower). Matchers compare hashes of strings, which do not depend on
    the vocabulary, so patterns tokenised here match the pipeline's documents."""
    tokenizer = getattr(nlp.tokenizer, "tokenizer", nlp.tokenizer)
    copy = Tokenizer(Vocab(lex_attr_getters=nlp.vocab.lex_attr_getters))
    copy.from_bytes(tokenizer.to_bytes(exclude=["vocab"]))
    copy.url_match = tokenizer.url_match
    return copy


def variants(forms: list[str]) -> list[str]:
    """Written variants generated from a skill's forms, so the YAML lists only real alternatives: the plural
    ("VPNs", "data lakes"), the number and gender of French phrases (inflections), spacing, hyphen and dot variants ("Hyper-V" → "Hyper V", "HyperV";
    "Power BI" → "PowerBI", "Power-BI"; "Node.js" → "Nodejs", "Node js"; "MariaDB" → "Maria DB"), and the vendor's
    short prefix ("Microsoft Project" ↔ "MS Project", "MS-Project")."""
    generated: list[str] = []
    for form in forms:
        generated += camel_case_spaced(form) + vendor_prefix_variants(form)
        last = form.split()[-1]
        if len(last) >= 3 and last.isalpha() and not last.endswith(("s", "x", "z")) and not form[-1].isdigit():
            generated.append(form + "s")
        words = form.split()
        if len(words) == 2 and all(len(w) >= 2 and w.isalnum() for w in words):
            generated += ["".join(words), "-".join(words)]
        if "-" in form and " " not in form:
            generated += [form.replace("-", " "), form.replace("-", "")]
        if re.fullmatch(r"[A-Za-z]{2,}\.[A-Za-z]{2,}", form):
            generated += [form.replace(".", ""), form.replace(".", " ")]
        generated += inflections(form)
    known = {fold(f) for f in forms}
    return list({fold(g): g for g in reversed(generated) if fold(g) not in known}.values())[::-1]


CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
STOP_WORDS = FRENCH_STOP_WORDS | ENGLISH_STOP_WORDS


def camel_case_pieces(form: str) -> list[str]:
    """The pieces of a one-word name written in camelCase, at its inner capitals ("MariaDB" → "Maria", "DB");
    none when a piece is one letter ("iOS") or a common word ("InDesign", "OneDrive", "ToIP": ordinary phrases
    once spaced)."""
    if " " in form or not form.isalnum():
        return []
    pieces = CAMEL_BOUNDARY.split(form)
    if len(pieces) < 2 or min(map(len, pieces)) < 2 or any(p.lower() in STOP_WORDS for p in pieces):
        return []
    return pieces


def has_acronym(pieces: list[str]) -> bool:
    return any(len(p) >= 2 and p.isupper() for p in pieces)


def camel_case_spaced(form: str) -> list[str]:
    """A camelCase name spaced at its inner capitals, as postings also write it, when one piece is an acronym:
    "Maria DB", "Postgre SQL", "Vertex AI" mean the product in any case."""
    pieces = camel_case_pieces(form)
    return [" ".join(pieces)] if has_acronym(pieces) else []


def spaced_names(forms: Iterable[str]) -> list[str]:
    """A camelCase name whose pieces are all words, spaced: "Service Now", "Solid Works", but also "Web Dev",
    "Data Domain", "Success Factors", which are ordinary phrases in lower case. They are matched only as written,
    with their capitals, and kept like an ambiguous name when the context says technology."""
    spaced = []
    for form in forms:
        pieces = camel_case_pieces(form)
        if pieces and not has_acronym(pieces):
            spaced.append(" ".join(pieces))
    return spaced


VENDOR_PREFIXES = (("Microsoft ", ("MS ", "MS-")),)


def vendor_prefix_variants(form: str) -> list[str]:
    """A product name with its vendor's name written in full or as its usual short prefix ("Microsoft Visio" ↔
    "MS Visio", "MS-Visio")."""
    for full, shorts in VENDOR_PREFIXES:
        if form.lower().startswith(full.lower()) and len(form) > len(full):
            return [short + form[len(full):] for short in shorts]
        for short in shorts:
            if form.upper().startswith(short) and len(form) > len(short):
                return [full + form[len(short):]] + [other + form[len(short):] for other in shorts if other != short]
    return []


def split_at_hyphens(pattern: Doc) -> Doc | None:
    """A pattern with its hyphenated words split at the hyphens ("Hyper-V" → "Hyper", "-", "V"), as the tokenizer
    splits them after a slash ("VMWare/Hyper-V"); None when no word of the pattern holds a hyphen."""
    if not any("-" in t.text.strip("-") for t in pattern):
        return None
    words, spaces = [], []
    for token in pattern:
        pieces = [p for p in re.split(r"(-)", token.text) if p] if "-" in token.text.strip("-") else [token.text]
        words += pieces
        spaces += [False] * (len(pieces) - 1) + [bool(token.whitespace_)]
    return Doc(pattern.vocab, words=words, spaces=spaces)


def part_of_a_compound(doc: Doc, i: int) -> bool:
    """The token is joined by a hyphen to the next or the previous one: "NX-OS", "IOS-XE" name other things."""
    return ((i + 1 < len(doc) and not doc[i].whitespace_ and doc[i + 1].text == "-")
            or (i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_))


def acronym_with_complement(doc: Doc, start: int, end: int) -> bool:
    """An acronym of three letters or more followed by its complement, "de" written in lower case: "l'ERP de
    l'entreprise", "un ERP de scolarité" (not a heading in capitals: "CHEF DE PROJET", "la DATA OFFICE d'AXA")."""
    surface = doc[start].text
    return (end - start == 1 and end < len(doc) and len(surface) >= ACRONYM_MIN_LENGTH and surface.isupper()
            and surface.isalpha() and doc[end].text.islower() and not (start > 0 and shouted(doc[start - 1].text)))


def shouted(word: str) -> bool:
    """A word of a heading or sentence written in capitals ("MES MISSIONS", "VOTRE PROFIL")."""
    return len(word) >= 2 and word.isupper() and word.isalpha()


@lru_cache(maxsize=4096)
def written_as_a_word(lower: str) -> re.Pattern:
    """The letters of an acronym written as an ordinary lower-case word ("mes" for "MES")."""
    return re.compile(rf"(?<![\w]){re.escape(lower)}(?![\w])")


def acronym_plurals(forms: Iterable[str]) -> list[str]:
    """Plurals of acronyms, as postings write them: "ERPs", "NATs", "SANs" (never of a single letter)."""
    return [f + "s" for f in forms if len(f) >= 2 and f.isupper() and f.isalpha()]


def inflections(form: str) -> list[str]:
    """Number and gender of a French common-noun phrase written in lower case: "logiciel embarqué" →
    "logiciels embarqués", "progiciel de gestion intégré" → "progiciel de gestion intégrée(s)", and the article
    before a plural noun: "visualisation de données" → "visualisation(s) des données"."""
    words = form.split()
    if len(words) < 2 or form != form.lower() or not all(w.isalpha() for w in (words[0], words[-1])):
        return []
    generated = []
    first, last = words[0], words[-1]
    singular_first = len(first) >= 3 and not first.endswith(("s", "x", "z"))
    if singular_first and len(last) >= 3 and not last.endswith(("s", "x", "z")):
        generated.append(" ".join([first + "s", *words[1:-1], last + "s"]))
    # "de" or "des" before a plural noun: "visualisation de données" ↔ "visualisation des données"; the head noun in
    # the plural too ("visualisations de données")
    phrases = [form]
    for i in range(1, len(words) - 1):
        if words[i] in ("de", "des") and words[i + 1].isalpha() and words[i + 1].endswith(("s", "x")):
            phrases.append(" ".join([*words[:i], "des" if words[i] == "de" else "de", *words[i + 1:]]))
    generated += phrases[1:]
    if singular_first and len(phrases) > 1:
        generated += [" ".join([first + "s", *p.split()[1:]]) for p in phrases]
    for masculine, feminine in (("é", "ée"), ("el", "elle"), ("if", "ive"), ("al", "ale")):
        if last.endswith(masculine) and len(last) > len(masculine) + 2:
            stem = " ".join([*words[:-1], last[: -len(masculine)] + feminine])
            generated += [stem, stem + "s"]
    return generated


def merge_overlaps(spans: Iterable[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """One mention per area and stretch of text: "mise en place d'une base de données relationnelle"."""
    merged: list[tuple[str, int, int]] = []
    for key, start, end in sorted(spans, key=lambda x: (x[0], x[1])):
        if merged and merged[-1][0] == key and start < merged[-1][2]:
            merged[-1] = (key, merged[-1][1], max(end, merged[-1][2]))
        else:
            merged.append((key, start, end))
    return sorted(merged, key=lambda x: x[1])


@Language.factory("digital_skills", assigns=["doc.spans"], default_config={"taxonomy_dir": ""})
def make_digital_skills(nlp: Language, name: str, taxonomy_dir: str) -> DigitalSkillsRecognizer:
    return DigitalSkillsRecognizer(nlp, Path(taxonomy_dir) if taxonomy_dir else None)
