"""Versions: a sent or approved quote is never changed in place; revise makes version n+1 and
diff shows what changed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from orderdesk.schema import ApprovalLog, QuoteLines, Quotes, Table
from tests.quotes.conftest import CIF, EXW, cells, row_of, run, set_cell


def test_revise_makes_the_next_version_and_diff_shows_the_changes(
    quote_register: Path, capsys
) -> None:
    assert run(capsys, "quote", "price", quote_register)[0] == 0
    code, out, err = run(
        capsys,
        "quote",
        "revise",
        quote_register,
        "-q",
        CIF,
        "--user",
        "mgarcia",
        "--set",
        "payment terms=TT50-50 BS",
        "--set",
        "Valid Until=30/11/2026",
        "--line",
        "1:Qty=1,500",
        "--line",
        "1:Unit Price=5.45",
        "--add-line",
        "KW-0002:300",
        "-m",
        "customer asked for more",
    )
    assert code == 0, out + err
    assert "version 2 made from version 1" in out
    old = row_of(quote_register, Quotes, quote_id=CIF, version=1)
    new = row_of(quote_register, Quotes, quote_id=CIF, version=2)
    assert (old[Quotes.status], old[Quotes.approval]) == ("superseded", "superseded")
    assert new[Quotes.status] == "draft" and new[Quotes.total] is None
    assert new[Quotes.payment_terms] == "TT50-50 BS"
    assert new[Quotes.valid_until] == dt.datetime(2026, 11, 30)
    assert (new[Quotes.incoterm], new[Quotes.customer]) == ("CIF", "CU-0001")
    lines = [r for r in cells(quote_register, QuoteLines) if r[QuoteLines.quote_id] == CIF]
    v2 = {r[QuoteLines.line_no]: r for r in lines if r[QuoteLines.version] == 2}
    assert (v2[1][QuoteLines.qty], v2[1][QuoteLines.unit_price]) == (1500, 5.45)
    assert v2[1][QuoteLines.suggested_price] is None  # to be priced again
    assert (v2[2][QuoteLines.sku], v2[2][QuoteLines.qty]) == ("KW-0002", 300)
    v1 = [r for r in lines if r[QuoteLines.version] == 1]
    assert v1[0][QuoteLines.qty] == 1000 and v1[0][QuoteLines.suggested_price] == 5.51
    log = cells(quote_register, ApprovalLog)
    assert [
        (r[ApprovalLog.decision], r[ApprovalLog.version], r[ApprovalLog.user]) for r in log
    ] == [("revise", 2, "mgarcia")]
    assert "Payment Terms = TT50-50 BS" in log[0][ApprovalLog.comment]

    code, out, _ = run(
        capsys, "quote", "diff", quote_register, "-q", CIF, "--from", "1", "--to", "2"
    )
    assert code == 0
    assert "terms, Payment Terms: TT30-70 BL → TT50-50 BS" in out
    assert "terms, Valid Until: 2026-11-13 → 2026-11-30" in out
    assert "line 1, Qty: 1000 → 1500" in out
    assert "line 1, Unit Price: (blank) → 5.45" in out
    assert "line 2 added: KW-0002 × 300 PCS" in out
    code, out, _ = run(capsys, "quote", "diff", quote_register, "-q", CIF, "--json")
    changes = json.loads(out)["changes"]
    assert {"line": 1, "field": "Qty", "from": "1000", "to": "1500"} in changes


def test_a_priced_and_approved_version_is_not_repriced_in_place(
    quote_register: Path, capsys
) -> None:
    run(capsys, "quote", "price", quote_register)
    run(capsys, "quote", "approve", quote_register, "-q", CIF, "--user", "lwei")
    code, _, err = run(capsys, "quote", "price", quote_register, "-q", CIF)
    assert code == 2
    assert "already has approval decisions (1/3, next: cost accountant)" in err
    assert "make a new version with Revise" in err
    set_cell(quote_register, Quotes, Quotes.status, "sent", quote_id=EXW, version=1)
    code, _, err = run(capsys, "quote", "price", quote_register, "-q", EXW)
    assert code == 2 and "Q-2026-0002 version 1 is sent: a quote that has left the draft" in err


def test_bad_revisions_are_refused_with_what_is_wrong(quote_register: Path, capsys) -> None:
    cases = [
        (["--set", "Colour=red"], "Quotes has no column 'Colour'"),
        (["--set", "Total=1"], "a revision cannot set Quotes → Total"),
        (["--line", "1:Qty=lots"], "QuoteLines → Qty: 'lots'"),
        (["--line", "7:Qty=5"], "Q-2026-0001 version 1 has no line 7"),
        (["--drop-line", "1"], "version 2 would have no lines"),
        (["--add-line", "KW-0002"], "expected SKU:QTY"),
        (["--add-line", "XX-9:5"], "Products has no SKU 'XX-9'"),
    ]
    for args, message in cases:
        code, _, err = run(capsys, "quote", "revise", quote_register, "-q", CIF, *args)
        assert code == 2, args
        assert message in err, (args, err)
    assert [r[Quotes.version] for r in cells(quote_register, Quotes)] == [1, 1]
    set_cell(quote_register, Quotes, Quotes.status, "won", quote_id=CIF, version=1)
    code, _, err = run(capsys, "quote", "revise", quote_register, "-q", CIF)
    assert code == 2 and "is won" in err


def test_the_digest_of_all_versions_matches_the_digest_of_each() -> None:
    from orderdesk.domain.quotes.versions import lines_of, quote_digest, quote_digests
    from tests.quotes.test_sample_history import hand_made

    for seed in (1, 2, 3):
        tables = hand_made(30, seed=seed)
        quotes, lines = tables[Quotes], tables[QuoteLines]
        all_at_once = quote_digests(quotes, lines)
        assert all_at_once.is_unique
        for _, q in quotes.iterrows():
            one = quote_digest(q, lines_of(lines, q[Quotes.quote_id], int(q[Quotes.version])))
            assert all_at_once[(q[Quotes.quote_id], int(q[Quotes.version]))] == one


def _full(frame: pd.DataFrame, table: type[Table]) -> pd.DataFrame:
    """The frame with every column of the table (blank where not given), as a read has."""
    for col in table.columns():
        if str(col) not in frame.columns:
            frame[str(col)] = None
    return frame


# -0.0 is left out: a column holding both 0.0 and -0.0 writes each distinct value once, and the
# two are one value there ("0" or "-0", whichever comes first), as they always were.
PRICES = st.one_of(
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(lambda x: x + 0.0),
    st.sampled_from([0.0, 100.0, 2.675, 0.1 + 0.2, 1e16, 1e-7, 5e-7, 12.3456785]),
    st.integers(min_value=-(10**8), max_value=10**8).map(lambda n: n / 1000),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 3),  # quote
            st.integers(1, 2),  # version
            st.one_of(st.none(), st.integers(1, 4)),  # line number
            PRICES,
            PRICES,
        ),
        max_size=12,
    ),
    st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3), PRICES), min_size=1, max_size=6),
)
def test_all_versions_at_once_hash_what_each_version_hashes(lines_given, quotes_given) -> None:
    """Prices of any size and precision (six places count, the seventh does not), lines out of
    order or without a number, a version Quotes repeats, lines of a version Quotes lacks."""
    from orderdesk.domain.quotes.versions import lines_of, quote_digest, quote_digests

    quotes = pd.DataFrame(
        {
            str(Quotes.quote_id): pd.Series([f"Q-{q}" for q, _, _ in quotes_given], dtype="str"),
            str(Quotes.version): pd.array([v for _, v, _ in quotes_given], dtype="Int64"),
            str(Quotes.lead_time_days): pd.array([None] * len(quotes_given), dtype="Int64"),
            str(Quotes.quote_date): pd.to_datetime(["2026-03-07"] * len(quotes_given)),
            **{
                str(c): pd.Series([f"{c}"] * len(quotes_given), dtype="str")
                for c in (Quotes.customer, Quotes.currency, Quotes.incoterm)
            },
        }
    )
    quotes[str(Quotes.total)] = [p for _, _, p in quotes_given]
    lines = pd.DataFrame(
        {
            str(QuoteLines.quote_id): pd.Series([f"Q-{q}" for q, *_ in lines_given], dtype="str"),
            str(QuoteLines.version): pd.array([r[1] for r in lines_given], dtype="Int64"),
            str(QuoteLines.line_no): pd.array([r[2] for r in lines_given], dtype="Int64"),
            str(QuoteLines.sku): pd.Series(["HW-0001"] * len(lines_given), dtype="str"),
            str(QuoteLines.qty): pd.Series([r[3] for r in lines_given], dtype="float64"),
            str(QuoteLines.unit_price): pd.Series([r[4] for r in lines_given], dtype="float64"),
        }
    )
    all_at_once = quote_digests(_full(quotes, Quotes), _full(lines, QuoteLines))
    for (qid, version), digest in all_at_once.items():
        quote = quotes[(quotes[Quotes.quote_id] == qid) & (quotes[Quotes.version] == version)]
        assert digest == quote_digest(quote.iloc[0], lines_of(lines, qid, version))


def test_a_price_changed_in_the_sixth_place_changes_the_digest_the_seventh_does_not() -> None:
    from orderdesk.domain.quotes.versions import quote_digests

    quotes = _full(pd.DataFrame({str(Quotes.quote_id): ["Q-1"], str(Quotes.version): [1]}), Quotes)

    def digest(price: float) -> str:
        lines = pd.DataFrame(
            {
                str(QuoteLines.quote_id): ["Q-1"],
                str(QuoteLines.version): [1],
                str(QuoteLines.line_no): [1],
                str(QuoteLines.unit_price): [price],
            }
        )
        return str(quote_digests(quotes, _full(lines, QuoteLines)).iloc[0])

    assert digest(4.25) == digest(4.2500001) == digest(4.25000004)
    assert digest(4.25) != digest(4.250001)
