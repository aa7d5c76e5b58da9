"""Turn real-world text (HTML remnants, escaped entities, odd spaces) into plain text, keeping offsets.

Skill mentions must point into the text the caller gave us, so cleaning records, for every character of
the clean text, where it came from in the original; `CleanText.original_span` maps a span back.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# A tag, an entity (named, decimal or hex), or a run of exotic whitespace.
_NOISE = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^<>]*>|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});|[\u00a0\u202f\u2009\u200b]")
_BLOCK_TAGS = frozenset({"br", "p", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table"})


# Feeds that lost their line breaks glue punctuation to words: "(SSIS)o Concevoir", "Azure***Détecter",
# "-Virtualisation", "Linux)Anglais". Each such character becomes a space: same length, same offsets.
# One small character class is scanned fast; the context of each hit is then checked in Python.
_GLUE_CANDIDATES = re.compile(r"[()\[\]*•·▪-]")


def _is_word_char(c: str) -> bool:
    return c.isalnum()


def _glued(text: str, i: int) -> bool:
    char = text[i]
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if char in ")]":
        return _is_word_char(after) and (_is_word_char(before) or before == "-")
    if char in "([":
        return _is_word_char(before) and _is_word_char(after)
    if char == "-":
        return before.isspace() and after.isalpha()
    return True  # *, bullets


def unglue_punctuation(text: str) -> str:
    hits = [m.start() for m in _GLUE_CANDIDATES.finditer(text) if _glued(text, m.start())]
    if not hits:
        return text
    chars = list(text)
    for i in hits:
        chars[i] = " "
    return "".join(chars)


@dataclass(frozen=True)
class CleanText:
    text: str
    #: origin[i] is the index in the original text of clean character i; origin[len(text)] = len(original)
    origin: tuple[int, ...] | None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1 if end > start else self.origin[start]


def _replacement(match: re.Match[str]) -> str:
    token = match.group(0)
    if token.startswith("<"):
        return "\n" if match.group(2).lower() in _BLOCK_TAGS else " "
    if token.startswith("&"):
        decoded = html.unescape(token)
        return decoded if decoded != token else token
    return "" if token == "\u200b" else " "


def clean_text(text: str) -> CleanText:
    """Strip tags (block tags become newlines), decode entities, unglue punctuation; keep offsets."""
    clean = _strip_markup(text)
    return CleanText(unglue_punctuation(clean.text), clean.origin)


_NOISE_CHARACTERS = "<&\u00a0\u202f\u2009\u200b"


def _strip_markup(text: str, passes: int = 2) -> CleanText:
    if not any(c in text for c in _NOISE_CHARACTERS):  # substring tests are far faster than the regex
        return CleanText(text, None)
    matches = list(_NOISE.finditer(text))
    if not matches:  # a lone "&" ("R&D"): nothing to replace, no offset map to build
        return CleanText(text, None)
    pieces: list[str] = []
    origin: list[int] = []
    position = 0
    for match in matches:
        pieces.append(text[position : match.start()])
        origin.extend(range(position, match.start()))
        replacement = _replacement(match)
        pieces.append(replacement)
        origin.extend([match.start()] * len(replacement))
        position = match.end()
    pieces.append(text[position:])
    origin.extend(range(position, len(text)))
    once = CleanText("".join(pieces), tuple(origin) + (len(text),))
    if passes > 1:
        twice = _strip_markup(once.text, passes - 1)  # "&lt;br /&gt;" decodes to "<br />", a tag in turn
        if twice.origin is not None:
            return CleanText(twice.text, tuple(map(once.origin.__getitem__, twice.origin)))
    return once
