"""Charts as inline SVG, drawn by matplotlib (no JavaScript, no file beside the page), each with a title and a
text description inside the SVG for screen readers; the page shows the same figures in a table beside it.

Text stays text in the SVG (svg.fonttype none: the page's font, selectable, smaller) and the output is
deterministic (fixed ids, no date), so that the same night renders the same page.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from html import escape

import matplotlib
from matplotlib.figure import Figure

REQUIRED, WISHED, INTERVAL = "#2f6db5", "#9dbde6", "#1d2733"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # a share, 0..1
    low: float | None = None  # its 95 % interval
    high: float | None = None
    part: float | None = None  # a share of the value drawn darker (e.g. required within asked for)
    colour: str | None = None


def bar_chart(bars: list[Bar], title: str, description: str, part_label: str = "", rest_label: str = "") -> str:
    """Horizontal bars of shares (largest first, top to bottom), intervals as whiskers; an SVG element."""
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "observatory", "font.size": 9,
                                "font.family": "sans-serif"}):
        figure = Figure(figsize=(7.0, 0.32 * len(bars) + 0.8))
        axes = figure.subplots()
        positions = list(range(len(bars)))[::-1]
        values = [b.value for b in bars]
        if any(b.part is not None for b in bars):
            parts = [b.part or 0.0 for b in bars]
            axes.barh(positions, parts, color=REQUIRED, label=part_label)
            axes.barh(positions, [v - p for v, p in zip(values, parts)], left=parts, color=WISHED, label=rest_label)
            axes.legend(loc="lower right", frameon=False)
        else:
            axes.barh(positions, values, color=[b.colour or REQUIRED for b in bars])
        for position, b in zip(positions, bars):
            if b.low is not None and b.high is not None:
                axes.plot([b.low, b.high], [position, position], color=INTERVAL, linewidth=1)
        axes.set_yticks(positions, [b.label for b in bars])
        axes.set_xlim(0, min(1.0, math.ceil(max([b.high or b.value for b in bars] + [0.1]) * 10) / 10))
        axes.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="x", color="#e3e7ec", linewidth=0.6)
        axes.set_axisbelow(True)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _accessible(buffer.getvalue(), title, description)


def _accessible(svg: str, title: str, description: str) -> str:
    """The <svg> element alone (no XML prolog, no RDF metadata), scalable, with role img, its title and description."""
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg[svg.index("<svg"):], flags=re.DOTALL)
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', svg, count=1)
    head_end = svg.index(">") + 1
    return (svg[:head_end].replace("<svg", '<svg role="img" class="chart"', 1)
            + f"<title>{escape(title)}</title><desc>{escape(description)}</desc>" + svg[head_end:])
