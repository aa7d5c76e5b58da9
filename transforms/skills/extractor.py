"""The skill extractor used everywhere: the nightly flow (postings and programmes) and `observatory extract`.

It runs fr_core_news_sm's tokenizer and the `digital_skills` component only: the statistical components
(tagger, parser, NER) would cost most of the time and add nothing the taxonomy patterns use.
Input texts may contain HTML remnants; mentions always point into the text as given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

import transforms.skills.component  # noqa: F401  (registers the "digital_skills" factory)
from transforms.skills.mentions import Mention
from transforms.text_cleaning import clean_text

MODEL = "fr_core_news_sm"
STATISTICAL_COMPONENTS = ["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"]
# The default URL matcher swallows "Node.js/React.js" as one token; only real URLs stay whole.
URL = re.compile(r"^(?:https?://|www\.)\S+$")
# French suffix rules split a final "." only after a lower-case letter: "en C." and "C++." stay one token.
SENTENCE_FINAL_DOT = r"(?<=[A-Z0-9+#])\."
# Feeds that lost their line breaks glue punctuation to words: "(SSIS)o Concevoir", "Azure***Détecter",
# "-Virtualisation", "Linux)Anglais".
GLUED_PUNCTUATION = [r"(?<=[\w\-])[)\]](?=\w)", r"(?<=\w)[(\[](?=\w)", r"\*+", r"(?<=\w)[•·▪](?=\w)"]
LEADING_DASH = r"-(?=[^\W\d_])"


def build_pipeline(taxonomy_dir: Path | None = None) -> Language:
    nlp = spacy.load(MODEL, exclude=STATISTICAL_COMPONENTS)
    nlp.tokenizer.url_match = URL.match
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, SENTENCE_FINAL_DOT]).search
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *GLUED_PUNCTUATION]).finditer
    nlp.tokenizer.prefix_search = compile_prefix_regex([*nlp.Defaults.prefixes, LEADING_DASH]).search
    nlp.add_pipe("digital_skills", config={"taxonomy_dir": str(taxonomy_dir or "")})
    return nlp


class SkillExtractor:
    """Load once, then stream texts through `extract`."""

    def __init__(self, taxonomy_dir: Path | None = None) -> None:
        self.nlp = build_pipeline(taxonomy_dir)
        self.taxonomy = self.nlp.get_pipe("digital_skills").taxonomy

    def extract(self, texts: Iterable[str], batch_size: int = 128) -> Iterator[list[Mention]]:
        cleaned = ((self._doc(c.text), c) for c in map(clean_text, texts))
        for doc, clean in self.nlp.pipe(cleaned, as_tuples=True, batch_size=batch_size):
            yield [m.shifted(*clean.original_span(m.start, m.end)) for m in doc._.skill_mentions]

    def _doc(self, text: str) -> Doc:
        """Tokenise, keeping the text at hand for the component (spaCy rebuilds doc.text token by token)."""
        doc = self.nlp.make_doc(text)
        doc.user_data["text"] = text
        return doc

    def extract_one(self, text: str) -> list[Mention]:
        return next(self.extract([text]))
