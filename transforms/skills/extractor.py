"""The skill extractor used everywhere: the nightly flow (postings and programmes) and `observatory extract`.

The pipeline is self-contained: fr_core_news_sm's tokenizer rules behind a cleaning tokenizer
(cleaning_tokenizer.py) and the `digital_skills` component, so `nlp(text)` alone gives the mentions, in
`doc.spans`, and a pipeline saved with `nlp.to_disk` loads with `spacy.load` in any process where this package
is installed (its entry points register both). The statistical components (tagger, parser, NER) would cost
most of the time and add nothing the taxonomy patterns use, so they are left out. Input texts may contain HTML
remnants; mentions always point into the text as given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language

import transforms.skills.component  # noqa: F401  (registers the "digital_skills" factory)
from transforms.skills.cleaning_tokenizer import NAME as CLEANING_TOKENIZER
from transforms.skills.component import DigitalSkillsRecognizer
from transforms.skills.mentions import Mention

MODEL = "fr_core_news_sm"
STATISTICAL_COMPONENTS = ["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"]


def build_pipeline(taxonomy_dir: Path | None = None) -> Language:
    nlp = spacy.load(MODEL, exclude=STATISTICAL_COMPONENTS, config={"nlp": {"tokenizer": {"@tokenizers": CLEANING_TOKENIZER}}})
    nlp.add_pipe("digital_skills", config={"taxonomy_dir": str(taxonomy_dir or "")})
    return nlp


class SkillExtractor:
    """Load once, then stream texts through `extract`. `path`: a pipeline saved with `nlp.to_disk`."""

    def __init__(self, taxonomy_dir: Path | None = None, path: Path | None = None) -> None:
        self.nlp = spacy.load(path) if path else build_pipeline(taxonomy_dir)
        self.recognizer: DigitalSkillsRecognizer = self.nlp.get_pipe("digital_skills")
        self.taxonomy = self.recognizer.taxonomy

    def extract(self, texts: Iterable[str], batch_size: int = 64, n_process: int = 1) -> Iterator[list[Mention]]:
        """Mentions of each text, in order, with offsets into the text as given."""
        for doc in self.nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            yield self.recognizer.mentions(doc)

    def extract_one(self, text: str) -> list[Mention]:
        return next(self.extract([text]))
