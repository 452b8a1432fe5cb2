"""The sample's L/C messages (as the demo imports and checks them): every planted discrepancy is
found with its article and the clean credits raise none; and the worksheet function."""

from __future__ import annotations

import json

from orderdesk.cli import main
from orderdesk.schema import LCDiscrepancies as D
from orderdesk.schema import LCPlan

from .test_check import _sheet_rows


def test_the_demo_finds_what_the_sample_planted(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-11-15")
    reg = tmp_path / "Sample.xlsx"
    assert main(["new-register", str(reg), "--sample-orders", "300"]) == 0
    folder = tmp_path / "letters-of-credit"
    files = sorted(folder.glob("MT7*.txt"))
    assert len(files) == 8
    assert main(["lc", "import", str(reg), *map(str, files)]) == 0
    assert main(["lc", "check", str(reg)]) == 1
    rows = _sheet_rows(reg, D)
    found = {(r[D.lc_no], r[D.field], r[D.article]) for r in rows if r[D.severity] == "discrepancy"}
    planted = json.loads((folder / "planted.json").read_text())
    assert len(planted) == 5
    for p in planted:
        assert (p["lc"], p["field"], p["article"]) in found, p
    planted_lcs = {p["lc"] for p in planted}
    assert {lc for lc, _, _ in found} == planted_lcs  # the two clean credits: none
    plans = _sheet_rows(reg, LCPlan)
    assert len(plans) == 7 and {p[LCPlan.state] for p in plans} <= {"green", "amber", "red"}


def test_od_lc_last_presentation():
    import datetime as dt

    import orderdesk_udfs as od

    assert od.OD_LC_LAST_PRESENTATION("2026-11-02", 21, "2026-11-30") == dt.datetime(2026, 11, 23)
    # never after the expiry date (UCP 600 art. 6(e))
    assert od.OD_LC_LAST_PRESENTATION("2026-11-02", 21, "2026-11-20") == dt.datetime(2026, 11, 20)
    # 21 days when field 48 is blank (art. 14(c))
    assert od.OD_LC_LAST_PRESENTATION("2026-11-02") == dt.datetime(2026, 11, 23)
    bad = od.OD_LC_LAST_PRESENTATION("2026-11-02", 0, "2026-11-30")
    assert isinstance(bad, str) and bad.startswith("Error:") and "above 0" in bad
    assert od.OD_LC_LAST_PRESENTATION("31/02/2026").startswith("Error:")
    # a slip of the keyboard is the user's error named, not an internal one
    huge = od.OD_LC_LAST_PRESENTATION("2000-01-01", 2921940)
    assert huge.startswith("Error:") and "2921940 presentation days" in huge, huge
