"""On the sample register, every planted problem is reported with the right rule, and nothing
else is reported as an error.

The sample generator (orderdesk.sample, its own issue) plants one problem per rule kind and says
where in `Sample.planted`; everything else in it is meant to be clean against every rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

sample = pytest.importorskip(
    "orderdesk.sample", reason="the sample generator's area is not merged into this branch yet"
)

from orderdesk.actions.orders import check_register  # noqa: E402
from orderdesk.actions.register import new_register  # noqa: E402
from orderdesk.adapters.file_register import FileRegister  # noqa: E402
from orderdesk.schema import tables  # noqa: E402


def _key(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@pytest.mark.parametrize(("orders", "seed"), [(120, 1), (300, 7), (60, 2), (60, 3), (90, 4)])
def test_validate_finds_exactly_the_planted_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, orders: int, seed: int
) -> None:
    monkeypatch.setenv("ORDERDESK_TODAY", sample.SAMPLE_AS_OF.isoformat())
    path = tmp_path / "SampleRegister.xlsx"
    planted = new_register(path, sample_orders=orders, seed=seed).data["planted"]
    assert planted, "the sample plants problems"
    checked = check_register(FileRegister(path))

    def key_of(sheet: str, letter: str, row: int) -> tuple[str, ...] | None:
        for table, data in checked.tables.items():
            if table.sheet == sheet and letter in data.letters.values() and row in data.frame.index:
                return tuple(_key(v) for v in data.key_of(row))
        return None

    # The sample's overdue milestones are its plans (issue 20), not planted problems:
    # tests/execution/test_sample.py checks that Validate names each of them.
    # Likewise the sample's complaints answered late on purpose (issue 21):
    # tests/aftersales/test_sla_rule.py checks that Validate names the sample's breaches.
    plans = {"MILESTONE-OVERDUE", "COMPLAINT-SLA-BREACH"}
    checked.findings = [f for f in checked.findings if f.rule not in plans]
    found = {
        (f.rule, f.cell.sheet, f.cell.column, key_of(f.cell.sheet, f.cell.letter, f.cell.row))
        for f in checked.findings
    }
    expected = {
        (p["rule"], p["sheet"], p["column"], tuple(_key(k) for k in p["key"])) for p in planted
    }
    missed = expected - found
    assert not missed, f"planted but not reported: {sorted(missed)}"

    # Nothing else, warnings included — but a duplicated PO is on two orders, and Validate
    # names both: the planted one and the earlier order its number was copied from.
    copied = [p for p in planted if p["rule"] == "PO-DUPLICATE"]
    unplanted = [
        f.message + f" [{f.rule}]"
        for f in checked.findings
        if (f.rule, f.cell.sheet, f.cell.column, key_of(f.cell.sheet, f.cell.letter, f.cell.row))
        not in expected
        and not (f.rule == "PO-DUPLICATE" and [f.value] == [p["value"] for p in copied])
    ]
    assert not unplanted, "reported but not planted:\n" + "\n".join(unplanted)
    assert len(checked.findings) == len(planted) + len(copied)
    assert {t.sheet for t in tables()}  # the register's sheets are all known to the schema
