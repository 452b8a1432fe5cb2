"""A picture of the OrderDesk ribbon tab, drawn from ribbon.xml (for the docs).

Office's own icons (imageMso) are not available outside Office, so each button gets a plain
badge with its initial; everything else (groups, labels, large and small buttons, menus) follows
the XML. One layout (rectangles, lines, texts in pixels) is written two ways: as SVG (text,
deterministic, checked in the tests) and as PNG through matplotlib (for the docs).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from orderdesk.adapters.workbook_safety import write_file

from . import ribbon

FONT = "DejaVu Sans"
CHAR = 6.6  # average width of a 12 px character
TABS = ("File", "Home", "Insert", "Page Layout", "Formulas", "Data", "Review", "View")
HEIGHT = 150
TOP = 34  # the ribbon body starts below the tab strip
BODY = 96  # button area height (group labels below)
ACCENT = "#217346"  # Excel green
BADGE = "#5B4B8A"  # OrderDesk's purple (the owned-column header colour)
GREY = "#d0d0d0"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str | None = None
    radius: float = 0


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GREY
    width: float = 1


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float = 12
    fill: str = "#333333"
    anchor: str = "start"  # start, middle
    bold: bool = False


Shape = Rect | Line | Text


def _text_width(text: str) -> float:
    return len(text) * CHAR


def _badge(x: float, y: float, size: float, label: str) -> list[Shape]:
    initial = (label.strip() or "?")[0].upper()
    return [
        Rect(x, y, size, size, BADGE, radius=4),
        Text(x + size / 2, y + size * 0.7, initial, size * 0.55, "#ffffff", "middle", True),
    ]


def _group(group: ribbon.Group, x: float) -> tuple[list[Shape], float]:
    """One group's buttons and label; returns the shapes and the group's width."""
    shapes: list[Shape] = []
    cx = x + 8
    small: list[ribbon.Control] = []

    def flush_small() -> None:
        nonlocal cx, small
        if not small:
            return
        width = max(_text_width(c.label) for c in small) + 28
        for i, c in enumerate(small):
            y = TOP + 8 + i * 28
            shapes.extend(_badge(cx, y, 18, c.label))
            shapes.append(Text(cx + 24, y + 14, c.label + (" ▾" if c.menu else "")))
        cx += width + 8
        small = []

    for c in group.controls:
        if c.size == "large":
            flush_small()
            words = c.label.split()
            mid = (len(words) + 1) // 2
            lines = [" ".join(words[:mid]), " ".join(words[mid:])] if len(words) > 1 else words
            width = max(56.0, max(_text_width(line) for line in lines) + 12)
            shapes.extend(_badge(cx + width / 2 - 16, TOP + 8, 32, c.label))
            for i, line in enumerate(lines):
                shapes.append(Text(cx + width / 2, TOP + 58 + i * 15, line, anchor="middle"))
            cx += width + 6
        else:
            small.append(c)
            if len(small) == 3:
                flush_small()
    flush_small()
    width = max(cx - x, _text_width(group.label) + 20, 60)
    shapes.append(Text(x + width / 2, TOP + BODY + 10, group.label, 11, "#555555", "middle"))
    shapes.append(Line(x + width, TOP + 6, x + width, TOP + BODY + 14))
    return shapes, width


def layout(path: Path = ribbon.RIBBON_XML) -> tuple[float, list[Shape]]:
    """The tab's width and its shapes, from the ribbon definition."""
    body: list[Shape] = []
    x = 6.0
    for g in ribbon.read(path):
        shapes, width = _group(g, x)
        body.extend(shapes)
        x += width
    tabs: list[Shape] = []
    tx = 10.0
    for name in (*TABS, ribbon.TAB_LABEL):
        w = _text_width(name) + 20
        ours = name == ribbon.TAB_LABEL
        if ours:
            tabs.append(Rect(tx, 6, w, 28, "#ffffff", GREY))
            tabs.append(Line(tx + 6, 32, tx + w - 6, 32, ACCENT, 3))
        tabs.append(
            Text(tx + w / 2, 25, name, 12, ACCENT if ours else "#333333", "middle", bold=ours)
        )
        tx += w
    total = max(x + 6, tx + 10, 640.0)
    frame: list[Shape] = [
        Rect(0, 0, total, HEIGHT, "#f3f3f3"),
        Rect(0, TOP, total, HEIGHT - TOP - 6, "#ffffff", GREY),
    ]
    return total, frame + tabs + body


def svg(path: Path = ribbon.RIBBON_XML) -> str:
    """The tab as an SVG document."""
    total, shapes = layout(path)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total:.0f}" height="{HEIGHT}" '
        f'viewBox="0 0 {total:.0f} {HEIGHT}" font-family="{FONT}, sans-serif">',
    ]
    for s in shapes:
        if isinstance(s, Rect):
            stroke = f' stroke="{s.stroke}"' if s.stroke else ""
            out.append(
                f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}" '
                f'rx="{s.radius:g}" fill="{s.fill}"{stroke}/>'
            )
        elif isinstance(s, Line):
            out.append(
                f'<line x1="{s.x1:.1f}" y1="{s.y1:.1f}" x2="{s.x2:.1f}" y2="{s.y2:.1f}" '
                f'stroke="{s.stroke}" stroke-width="{s.width:g}"/>'
            )
        else:
            weight = ' font-weight="bold"' if s.bold else ""
            out.append(
                f'<text x="{s.x:.1f}" y="{s.y:.1f}" font-size="{s.size:g}" fill="{s.fill}" '
                f'text-anchor="{s.anchor}"{weight}>{escape(s.text)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_svg(out: Path) -> Path:
    return write_file(Path(out), svg())


def write_png(out: Path, path: Path = ribbon.RIBBON_XML, dpi: int = 200) -> Path:
    """The same layout drawn with matplotlib (1 px of the layout = 1/100 inch)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    total, shapes = layout(path)
    fig = plt.figure(figsize=(total / 100, HEIGHT / 100))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, total)
    ax.set_ylim(HEIGHT, 0)
    ax.axis("off")
    for s in shapes:
        if isinstance(s, Rect):
            ax.add_patch(
                FancyBboxPatch(
                    (s.x, s.y),
                    s.w,
                    s.h,
                    boxstyle=f"round,pad=0,rounding_size={s.radius}"
                    if s.radius
                    else "square,pad=0",
                    facecolor=s.fill,
                    edgecolor=s.stroke or "none",
                    linewidth=0.8,
                )
            )
        elif isinstance(s, Line):
            ax.plot([s.x1, s.x2], [s.y1, s.y2], color=s.stroke, linewidth=s.width * 0.72)
        else:
            ax.text(
                s.x,
                s.y,
                s.text,
                fontsize=s.size * 0.72,  # px at 100 px per inch → points
                color=s.fill,
                ha={"start": "left", "middle": "center"}[s.anchor],
                va="baseline",
                fontweight="bold" if s.bold else "normal",
                family=FONT,
            )
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return write_file(Path(out), buf.getvalue())
