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


def clean_text(text: str, passes: int = 2) -> CleanText:
    """Strip tags (block tags become newlines), decode entities (twice, feeds double-escape), keep offsets."""
    if not _NOISE.search(text):
        return CleanText(text, None)
    pieces: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _NOISE.finditer(text):
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
        twice = clean_text(once.text, passes - 1)  # "&lt;br /&gt;" decodes to "<br />", a tag in turn
        if twice.origin is not None:
            return CleanText(twice.text, tuple(once.origin[i] for i in twice.origin))
    return once
