"""The questions an imported order leaves, in the customer's language.

The same sentences (and translations) as Validate's completeness questions: a field the order
does not give is "missing", one it gives but not surely enough is "we could not interpret …";
lines with the same gaps share one sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from orderdesk.domain.intake.order import Gap
from orderdesk.domain.questions import Writer
from orderdesk.domain.questions import messages as M


def _phrase(w: Writer, column: str) -> str:
    message = M.ORDER_FIELDS.get(column) or M.LINE_FIELDS.get(column) or M.INTAKE_FIELDS[column]
    return w(message)


def questions(gaps: Sequence[Gap], language: str) -> list[str]:
    """One sentence per gap of the order, then per set of line gaps (see the module's docstring)."""
    w = Writer(language)
    missing = [_phrase(w, g.column) for g in gaps if g.line is None and not g.read]
    out = []
    if missing:
        out.append(w(M.ORDER_MISSING[min(len(missing), 3) - 1], fields=w.join(missing)))
    out += [
        w(M.ORDER_UNCLEAR, field=_phrase(w, g.column), value=g.read)
        for g in gaps
        if g.line is None and g.read
    ]
    by_line: dict[int, list[Gap]] = {}
    for g in gaps:
        if g.line is not None:
            by_line.setdefault(g.line, []).append(g)
    groups: dict[tuple[str, ...], list[int]] = {}
    for n, line_gaps in by_line.items():
        for g in line_gaps:
            if g.read:
                out.append(
                    w(
                        M.LINE_UNCLEAR,
                        line=n,
                        product=g.product or "?",
                        field=_phrase(w, g.column),
                        value=g.read,
                    )
                )
        blank = tuple(_phrase(w, g.column) for g in line_gaps if not g.read)
        if blank:
            groups.setdefault(blank, []).append(n)
    for fields, lines in groups.items():
        if len(lines) == 1:
            gap = by_line[lines[0]][0]
            out.append(
                w(
                    M.LINE_MISSING[min(len(fields), 3) - 1],
                    line=lines[0],
                    product=gap.product or "?",
                    fields=w.join(list(fields)),
                )
            )
        else:
            out.append(
                w(
                    M.LINES_MISSING,
                    lines=w.line_numbers([str(n) for n in lines]),
                    fields=w.join(list(fields)),
                )
            )
    return out
