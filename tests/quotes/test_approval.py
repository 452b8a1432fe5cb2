"""Three-level approval: order of levels, the approval matrix, one person one level, checks that
stop an approval, rejection, revision resetting approvals, and the QUOTE-NOT-APPROVED rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from orderdesk.adapters.file_register import FileRegister
from orderdesk.domain.quotes import approval as A
from orderdesk.domain.quotes.versions import quote_digests
from orderdesk.ports import ChangedOnDisk
from orderdesk.schema import ApprovalLog, Approvers, Orders, QuoteLines, Quotes
from tests.quotes.conftest import CIF, add_rows, cells, row_of, run, set_cell


def price(path: Path, capsys, quote: str = CIF) -> None:
    code, out, err = run(capsys, "quote", "price", path, "--quote", quote)
    assert code == 0, out + err


def approve(path: Path, capsys, user: str, *extra: str, quote: str = CIF) -> tuple[int, str, str]:
    return run(capsys, "quote", "approve", path, "--quote", quote, "--user", user, *extra)


def log_rows(path: Path) -> list[dict]:
    return cells(path, ApprovalLog)


def test_the_same_user_cannot_approve_at_two_levels(quote_register: Path, capsys) -> None:
    # A small company: Li Wei is both sales manager and cost accountant in the matrix.
    add_rows(
        quote_register,
        Approvers,
        [
            {
                Approvers.user: "lwei",
                Approvers.name: "Li Wei",
                Approvers.role: "cost accountant",
                Approvers.level: 2,
            }
        ],
    )
    price(quote_register, capsys)
    assert approve(quote_register, capsys, "lwei")[0] == 0
    code, _out, err = approve(quote_register, capsys, "lwei", "--level", "2")
    assert code == 2
    assert "'lwei' already approved Q-2026-0001 version 1 at level 1 (sales manager)" in err
    assert "one person cannot approve a quote version at two levels" in err
    assert "level 2 needs another cost accountant (zhangmin, hfischer)" in err
    assert len(log_rows(quote_register)) == 1  # nothing written
    assert approve(quote_register, capsys, "zhangmin")[0] == 0
    assert row_of(quote_register, Quotes, quote_id=CIF, version=1)[Quotes.approval] == (
        "2/3, next: commercial"
    )


def test_levels_go_in_order_and_only_to_their_holders(quote_register: Path, capsys) -> None:
    price(quote_register, capsys)
    code, _, err = approve(quote_register, capsys, "chenjing")
    assert code == 2 and "waits for level 1 (sales manager: lwei, mgarcia)" in err
    code, _, err = approve(quote_register, capsys, "lwei", "--level", "3")
    assert code == 2 and "is at level 1 (sales manager): level 3 decides after levels 1, 2" in err
    code, _, err = approve(quote_register, capsys, "intern")
    assert code == 2 and "'intern' is not in the approval matrix" in err
    assert approve(quote_register, capsys, "LWei")[0] == 0  # OS user names ignore case
    assert log_rows(quote_register)[0][ApprovalLog.user] == "lwei"


def test_an_unpriced_quote_cannot_be_approved(quote_register: Path, capsys) -> None:
    code, _, err = approve(quote_register, capsys, "lwei")
    assert code == 2 and "price it first" in err


def test_each_level_shows_its_checks(quote_register: Path, capsys) -> None:
    price(quote_register, capsys)
    code, out, _ = approve(quote_register, capsys, "lwei")
    assert code == 0
    assert "[ok  ] L1 customer: CU-0001 (Hamburger Haushaltswaren GmbH), not blocked" in out
    assert "[ok  ] L1 quantities: 1 line(s) within the customer's usual range" in out
    code, out, _ = approve(quote_register, capsys, "zhangmin")
    assert "[ok  ] L2 cost build-up: complete for CIF" in out
    assert "[ok  ] L2 margin floor: lowest margin 19.5% (line 1), floor 8.0%" in out
    code, out, _ = approve(quote_register, capsys, "chenjing")
    assert "[ok  ] L3 deposit: TT30-70 BL asks 30% deposit; band A (score 85)" in out
    assert "[ok  ] L3 capacity: hardware: 0 booked + 1,000 quoted of 600,000 in 45 days" in out
    assert (
        row_of(quote_register, Quotes, quote_id=CIF, version=1)[Quotes.approval] == "approved 3/3"
    )


def test_a_failed_check_stops_the_approval_unless_overridden_with_a_reason(
    quote_register: Path, capsys
) -> None:
    # 5,000 pieces against earlier orders of 800 and 1,200: outside 400–2,400.
    set_cell(quote_register, QuoteLines, QuoteLines.qty, 5000, quote_id=CIF, line_no=1)
    price(quote_register, capsys)
    code, _, err = approve(quote_register, capsys, "lwei")
    assert code == 2
    assert "fails the level 1 check(s) quantities" in err
    assert "line 1 HW-0001: 5,000 is outside the usual 400–2,400 (2 earlier order line(s))" in err
    assert log_rows(quote_register) == []
    code, _, err = approve(quote_register, capsys, "lwei", "--override")
    assert code == 2 and "an override needs a comment" in err
    code, _out, _ = approve(quote_register, capsys, "lwei", "--override", "-m", "season stock-up")
    assert code == 0
    assert log_rows(quote_register)[0][ApprovalLog.comment] == (
        "OVERRIDE (quantities): season stock-up"
    )


def test_rejection_needs_a_reason_and_ends_the_version(quote_register: Path, capsys) -> None:
    price(quote_register, capsys)
    approve(quote_register, capsys, "lwei")
    code, _, err = run(
        capsys, "quote", "reject", quote_register, "-q", CIF, "--user", "zhangmin", "-m", " "
    )
    assert code == 2 and "a rejection needs a comment" in err
    code, out, _ = run(
        capsys,
        "quote",
        "reject",
        quote_register,
        "-q",
        CIF,
        "--user",
        "zhangmin",
        "-m",
        "freight quote expired",
    )
    assert code == 0 and "rejected at level 2 (cost accountant) by zhangmin" in out
    code, _, err = approve(quote_register, capsys, "hfischer")
    assert code == 2 and "was rejected at level 2 by zhangmin: revise it" in err
    assert row_of(quote_register, Quotes, quote_id=CIF, version=1)[Quotes.approval] == (
        "rejected at level 2"
    )


def test_a_revision_after_two_approvals_needs_all_three_again(quote_register: Path, capsys) -> None:
    price(quote_register, capsys)
    approve(quote_register, capsys, "lwei")
    approve(quote_register, capsys, "zhangmin")
    code, out, _ = run(
        capsys,
        "quote",
        "revise",
        quote_register,
        "-q",
        CIF,
        "--user",
        "lwei",
        "--line",
        "1:Qty=1500",
    )
    assert code == 0, out
    # The clerk confirms the order against the new version before it is approved.
    add_rows(
        quote_register,
        Orders,
        [
            {
                Orders.order_id: "SO-2026-0100",
                Orders.customer: "CU-0001",
                Orders.stage: "confirmed",
                Orders.quote_id: CIF,
                Orders.quote_version: 2,
            },
            {
                Orders.order_id: "SO-2026-0101",
                Orders.customer: "CU-0001",
                Orders.stage: "confirmed",
                Orders.quote_id: CIF,
                Orders.quote_version: 1,
            },
            {
                Orders.order_id: "SO-2026-0102",
                Orders.stage: "draft",
                Orders.quote_id: CIF,
                Orders.quote_version: 2,
            },
        ],
    )

    def failing() -> dict[str, str]:
        reg = FileRegister(quote_register)
        q, lines, log = (reg.read(t).frame for t in (Quotes, QuoteLines, ApprovalLog))
        state = A.approval_state(log, quote_digests(q, lines))
        found = A.unapproved_orders(reg.read(Orders).frame, state)
        return dict(zip(found["order_id"], found[A.REASON], strict=True))

    assert failing() == {
        "SO-2026-0100": f"quote {CIF} version 2 is approved at 0 of 3 levels",
        "SO-2026-0101": f"quote {CIF} version 1 was superseded by a newer version",
    }
    code, _, err = approve(quote_register, capsys, "mgarcia")
    assert code == 2 and "price it first" in err
    price(quote_register, capsys)
    for user in ("mgarcia", "hfischer"):
        assert approve(quote_register, capsys, user)[0] == 0
    assert failing()["SO-2026-0100"] == f"quote {CIF} version 2 is approved at 2 of 3 levels"
    assert approve(quote_register, capsys, "chenjing")[0] == 0
    assert "SO-2026-0100" not in failing()
    assert row_of(quote_register, Quotes, quote_id=CIF, version=1)[Quotes.status] == "superseded"


def test_an_approval_does_not_cover_a_version_edited_afterwards(quote_register, capsys) -> None:
    price(quote_register, capsys)
    approve(quote_register, capsys, "lwei")
    set_cell(quote_register, QuoteLines, QuoteLines.unit_price, 4.95, quote_id=CIF, line_no=1)
    reg = FileRegister(quote_register)
    q, lines, log = (reg.read(t).frame for t in (Quotes, QuoteLines, ApprovalLog))
    st = A.state_of(A.approval_state(log, quote_digests(q, lines)), CIF, 1)
    assert st is not None
    assert st[A.CHANGED] and st[A.LEVELS_APPROVED] == 0 and st[A.NEXT_LEVEL] == 1
    code, _, err = approve(quote_register, capsys, "zhangmin")
    assert code == 2 and "waits for level 1" in err


def test_two_approvers_at_once_do_not_fork_the_chain(quote_register: Path, capsys) -> None:
    from orderdesk.actions.context import RunContext
    from orderdesk.actions.quotes import approve_quote

    price(quote_register, capsys)
    approve(quote_register, capsys, "lwei")
    # Zhang Min and Hanna Fischer both open the shared workbook and read it.
    first = FileRegister(quote_register, user="zhangmin")
    second = FileRegister(quote_register, user="hfischer")
    second.read(ApprovalLog)
    approve_quote(RunContext.of(first), CIF)
    with pytest.raises(
        ChangedOnDisk,
        match=r"changed by someone else after OrderDesk read it; nothing was written\. Run the action again",
    ):
        approve_quote(RunContext.of(second), CIF)
    rows = log_rows(quote_register)
    assert [r[ApprovalLog.user] for r in rows] == ["lwei", "zhangmin"]
    # Running again, Hanna sees that level 2 is done.
    code, _, err = approve(quote_register, capsys, "hfischer")
    assert code == 2 and "waits for level 3" in err
    code, out, _ = run(capsys, "quote", "verify-log", quote_register)
    assert code == 0 and "chain intact up to Seq 2" in out


def test_a_quote_version_that_is_no_number_is_named_not_guessed() -> None:
    orders = pd.DataFrame(
        {
            Orders.order_id: ["SO-1", "SO-2", "SO-3", "SO-4"],
            Orders.stage: ["confirmed", "shipped", "confirmed", "draft"],
            Orders.quote_id: ["QT-1", "QT-1", "QT-1", "QT-1"],
            Orders.quote_version: ["v2", 2.5, "2", "v2"],
        }
    )
    found = A.unapproved_orders(orders, pd.DataFrame())
    assert dict(zip(found["order_id"], found[A.REASON], strict=True)) == {
        "SO-1": "the order names quote QT-1 with Quote Version 'v2', not a version number",
        "SO-2": "the order names quote QT-1 with Quote Version 2.5, not a version number",
        "SO-3": "quote QT-1 version 2 is approved at 0 of 3 levels",
    }
