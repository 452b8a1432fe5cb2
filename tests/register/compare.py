"""Two workbooks compared as a user sees them, through openpyxl (a reader we did not write):
sheets and their order and visibility, every cell's value, number format, fill and quote
prefix, the Excel Tables, the data validations, the sheet-local names (print titles, print
area), the page setup, the column widths OrderDesk set, the charts on each sheet, and
OrderDesk's bookkeeping (as JSON)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from orderdesk.adapters import xlsx
from orderdesk.schema import META_SHEET


def _fill(cell: Any) -> tuple[Any, ...] | None:
    f = cell.fill
    if f is None or f.fill_type is None:
        return None
    c = f.fgColor
    return (f.fill_type, c.type, c.rgb if c.type == "rgb" else c.theme, round(c.tint or 0, 6))


def _value(value: Any) -> Any:
    """openpyxl writes a float with 16 significant digits (`%.16g`), the part writer all 17
    that make it exact (as Excel does): compared at openpyxl's precision."""
    if isinstance(value, float):
        return float(f"{value:.16g}")
    return value


def _cells(ws: Any) -> dict[str, tuple[Any, ...]]:
    out = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None and _fill(cell) is None:
                continue
            value = _value(cell.value)
            out[cell.coordinate] = (
                value,
                cell.number_format if value is not None else None,
                _fill(cell),
                bool(cell.quotePrefix),
            )
    return out


def _charts(path: Path) -> dict[str, int]:
    """Charts per sheet, counted from the package's relationships."""
    from orderdesk.adapters.parts import Package, Workbook

    with zipfile.ZipFile(path) as zf:
        pkg = Package(zf)
        out = {}
        for name, part in Workbook(pkg).sheets().items():
            drawings = [t for _, k, t in pkg.rels(part) if k.endswith("/drawing")]
            out[name] = sum(1 for d in drawings for _, k, _t in pkg.rels(d) if k.endswith("/chart"))
        return out


def snapshot(path: Path) -> dict[str, Any]:
    wb = load_workbook(path)
    shot: dict[str, Any] = {"sheets": [(ws.title, ws.sheet_state) for ws in wb.worksheets]}
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            rows = list(ws.iter_rows(min_row=2, values_only=True))
            shot[ws.title] = json.dumps(xlsx.meta_from_rows(rows), sort_keys=True, default=str)
            continue
        shot[ws.title] = {
            "cells": _cells(ws),
            "tables": sorted(
                (t.displayName, t.ref, tuple(c.name for c in t.tableColumns))
                for t in ws.tables.values()
            ),
            "validations": sorted(
                (str(dv.sqref), dv.type, dv.formula1, dv.prompt)
                for dv in ws.data_validations.dataValidation
            ),
            "print titles": ws.print_title_rows,
            "freeze": ws.freeze_panes,
            "print area": ws.print_area,
            "page setup": (
                ws.page_setup.orientation,
                ws.page_setup.paperSize,
                ws.page_setup.fitToWidth,
                ws.page_setup.fitToHeight,
                ws.sheet_properties.pageSetUpPr.fitToPage
                if ws.sheet_properties.pageSetUpPr
                else None,
            ),
            "widths": {
                c: round(v.width, 2)
                for v in ws.column_dimensions.values()
                if v.customWidth and v.width and v.min
                for c in range(v.min, (v.max or v.min) + 1)
            },
        }
    shot["charts"] = _charts(path)
    return shot


# Sheets only the part writer makes: the PivotTables of Refresh KPIs (issue 25) are package parts
# openpyxl cannot write, so its save has no Pivots sheet; tests/kpi/test_pivots.py checks that
# sheet with LibreOffice instead.
PART_WRITER_ONLY = ("Pivots",)


_WANTED: dict[bytes, dict[str, Any]] = {}


def _wanted(path: Path) -> dict[str, Any]:
    """The snapshot of a workbook compared against, taken once per content (a test compares
    several changed copies with the same oracle); read only below."""
    key = hashlib.sha256(path.read_bytes()).digest()
    if key not in _WANTED:
        while len(_WANTED) >= 4:  # the property test compares hundreds of oracles, each once
            del _WANTED[next(iter(_WANTED))]
        _WANTED[key] = snapshot(path)
    return _WANTED[key]


def assert_same_workbook(got: Path, want: Path) -> None:
    a, b = snapshot(got), _wanted(want)
    for only in PART_WRITER_ONLY:
        if only not in [name for name, _ in b["sheets"]]:
            a["sheets"] = [s for s in a["sheets"] if s[0] != only]
            a.pop(only, None)
            a["charts"].pop(only, None)
    assert a["sheets"] == b["sheets"], f"sheets differ: {a['sheets']} vs {b['sheets']}"
    for key in b:
        if key in ("sheets", "charts"):
            continue
        if isinstance(b[key], dict):
            for part in b[key]:
                if part == "cells":
                    only_a = {
                        k: v for k, v in a[key]["cells"].items() if b[key]["cells"].get(k) != v
                    }
                    only_b = {
                        k: v for k, v in b[key]["cells"].items() if a[key]["cells"].get(k) != v
                    }
                    assert not only_a and not only_b, (
                        f"{key}: cells differ: part writer {dict(list(only_a.items())[:5])} "
                        f"vs openpyxl {dict(list(only_b.items())[:5])}"
                    )
                else:
                    assert a[key][part] == b[key][part], f"{key}: {part} differs"
        else:
            assert a[key] == b[key], f"{key} differs"
    assert a["charts"] == b["charts"]
