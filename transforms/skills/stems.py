"""Light lemmatisation for activity phrases: accent-folded Snowball French stems of content words.

The statistical lemmatiser of fr_core_news_sm needs the tagger and parser, which would make extraction
several times slower; stems are enough to make "développer", "développez" and "développement" meet.
Function words are dropped so that "accès aux données" and "accès à des données" meet too.
Stems come from PyStemmer (Snowball's C implementation, the same stems as the pure-Python snowballstemmer
on all 16,663 distinct words of the 2,381 IT offers, about 30 times faster for a word seen the first time).
"""

from __future__ import annotations

from functools import lru_cache

import Stemmer

from transforms.skills.taxonomy import fold

FUNCTION_WORDS = frozenset(
    "a à au aux d d' d’ de des du en et l l' l’ la le les ou par pour sa se ses son sur un une dans avec "
    "the of and or to for in on with an".split()
)

_stemmer = Stemmer.Stemmer("french")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str | None:
    """The comparison key of one token, or None for function words and punctuation."""
    folded = fold(word)
    if folded in FUNCTION_WORDS or not any(c.isalnum() for c in folded):
        return None
    return _stemmer.stemWord(folded)


def verb_radical(stemmed: str) -> str:
    """The part of a verb's stem shared by its conjugated forms, which Snowball leaves apart for irregular
    verbs: "concevoir" → "concev" (concevez), "mettre" → "met" (mettez), "établir" → "établ"."""
    for ending in ("oir", "ir", "r"):
        if stemmed.endswith(ending) and len(stemmed) - len(ending) >= 3:
            stemmed = stemmed[: -len(ending)]
            break
    if len(stemmed) >= 4 and stemmed[-1] == stemmed[-2]:
        stemmed = stemmed[:-1]
    return stemmed
