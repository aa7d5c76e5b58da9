"""The pipeline's tokenizer: cleans real-world text (HTML remnants, entities, glued punctuation) before
tokenising it, and keeps on the Doc what maps the clean text back to the text as given.

So `nlp(text)` is the whole extraction: no caller has to clean first or shift offsets afterwards. The Doc's
text is the clean text (with final dots after capitals turned into spaces, see below); `original_span` gives
the offsets of a span in the text the caller passed. Registered as `observatory.cleaning_tokenizer.v1`
(an entry point of the package, so `spacy.load` of a saved pipeline finds it in a fresh process).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

from transforms.text_cleaning import CleanText, clean_text

NAME = "observatory.cleaning_tokenizer.v1"
USER_DATA_KEY = "observatory_clean"  # {"text": clean text, "origin": offsets into the given text or None}
# French suffix rules split a final "." only after a lower-case letter, so "en C." and "C++." would stay one
# token. The tokenised copy of the text turns such a dot into a space (same length, same offsets; the double
# space still ends the clause); the component reads the real clean text for requirement cues.
# The dot comes first in the pattern so that the search skips to each dot (a pattern that starts with the
# lookbehind is tried at every character: 13 times slower).
FINAL_DOT_AFTER_CAPITAL = re.compile(r"\.(?<=[A-Z0-9+#]\.)(?=\s|$)")
# spaCy's tokenizer caches the tokens of at most 10,000 distinct chunks (runs of characters between spaces) and
# splits every other chunk by its prefix, suffix and infix rules again at each occurrence: 2,381 postings hold about
# 40,000 distinct chunks. Each cached chunk costs about 260 bytes, so this bounds the cache at about 26 MiB.
CACHED_CHUNKS = 100_000
FINAL_SLASH = r"(?<=\w)/$"
FINAL_HYPHEN = r"(?<=[\w)+#])-$"
# An inverted question mark is a space (often a no-break space) that a feed decoded wrongly: "dans¿SCCM",
# "technique¿:¿Windows,¿SCCM/MECM". French postings have no other use for it; one character for one, so offsets hold.
BROKEN_SPACE = "¿"


class CleaningTokenizer:
    """Clean, then tokenise with the language's own rules (loaded from the model like any tokenizer)."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self._adapt_rules()

    def _adapt_rules(self) -> None:
        """The language's rules with three changes and a larger cache, applied again whenever rules are loaded."""
        self.tokenizer.max_cache_size = CACHED_CHUNKS  # the cache only saves work: the tokens are the same
        self.tokenizer.url_match = None  # it swallows "Node.js/React.js" as one URL; split URLs name no skill
        # a slash that ends a word ("Hadoop/Spark/Amazon EMR/ DynamoDB", "JIRA/ Confluence") is list glue, not part of it,
        # and so is a hyphen, a bullet glued by a feed that lost its line breaks ("(AD/GPO)- scripting", "Fortinet- anglais")
        suffix = self.tokenizer.suffix_search.__self__.pattern
        if not suffix.endswith(FINAL_HYPHEN):
            self.tokenizer.suffix_search = re.compile(f"{suffix}|{FINAL_SLASH}|{FINAL_HYPHEN}").search

    def __reduce__(self):
        # pickled (`nlp.pipe(n_process=...)` in spawned processes): built again, so that the cache size holds there too
        return CleaningTokenizer, (self.tokenizer,)

    @property
    def vocab(self):
        return self.tokenizer.vocab

    def __call__(self, text: str) -> Doc:
        clean = clean_text(text)
        doc = self.tokenizer(FINAL_DOT_AFTER_CAPITAL.sub(" ", clean.text).replace(BROKEN_SPACE, " "))
        doc.user_data[USER_DATA_KEY] = {"text": clean.text, "origin": None if clean.origin is None else list(clean.origin)}
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def to_disk(self, path, **kwargs) -> None:
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs) -> CleaningTokenizer:
        self.tokenizer.from_disk(path, **kwargs)
        self._adapt_rules()  # a saved None url_match reads back as the language default
        return self

    def to_bytes(self, **kwargs) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs) -> CleaningTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)
        self._adapt_rules()
        return self


@registry.tokenizers(NAME)
def create_cleaning_tokenizer():
    def make(nlp: Language) -> CleaningTokenizer:
        return CleaningTokenizer(registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp))

    return make


def clean_text_of(doc: Doc) -> str:
    """The clean text the Doc was made from (its own text when it did not come through this tokenizer)."""
    data = doc.user_data.get(USER_DATA_KEY)
    return data["text"] if data else doc.text


def original_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets in the text given to `nlp` of [start, end) in the Doc's text."""
    return original_offsets(doc)(start, end)


def original_offsets(doc: Doc) -> Callable[[int, int], tuple[int, int]]:
    """`original_span` for the spans of one Doc: its offset map is read once for all of them."""
    data = doc.user_data.get(USER_DATA_KEY)
    if not data or data["origin"] is None:
        return _same_offsets
    return CleanText(data["text"], data["origin"]).original_span


def _same_offsets(start: int, end: int) -> tuple[int, int]:
    return start, end
