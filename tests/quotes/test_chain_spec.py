"""The ApprovalLog's hashes against an independent definition of the chain format, written here
from docs/quotes.md ("The hash chain") and not from the code: the hashes Validate and verify-log
compute column by column are those of the format, for random rows with nasty values; the
committed sample register's log verifies under it row by row; and a chain built with it is
intact for `verify_chain`, which still names a row edited, deleted or moved."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from orderdesk.domain.quotes import chain as C

SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "SampleRegister.xlsx"
FIELDS = ["Seq", "Time", "User", "Role", "Level", "Quote ID", "Version", "Decision", "Comment",
          "Quote Digest", "Prev Hash"]  # fmt: skip
WHOLE = {"Seq", "Level", "Version"}
GENESIS = "0" * 64


# --- the format, as the docs state it -------------------------------------------------------


def spec_text(value: str | None) -> str:
    """A text cell as OrderDesk reads it: Unicode NFC; CR and CRLF are line breaks; each line
    trimmed with its runs of white space folded into one space; blank lines at either end
    dropped (a line break typed inside a cell stays); a blank cell is ""."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip("\n")


def spec_time(value: dt.datetime | None) -> str:
    """ISO 8601 to the second, no zone, rounded to the nearest second (a half to the even
    second, as the reader rounds Excel's day fractions)."""
    if value is None:
        return ""
    micro = value.microsecond
    whole = value.replace(microsecond=0)
    if micro > 500_000 or (micro == 500_000 and whole.timestamp() % 2 == 1):
        whole += dt.timedelta(seconds=1)
    return whole.isoformat(timespec="seconds")


def spec_hash(row: dict[str, object]) -> str:
    """SHA-256 of the UTF-8 of the compact JSON array (non-ASCII as itself) of the 11 fields
    as strings, as 64 lower-case hex digits."""
    values = []
    for name in FIELDS:
        v = row.get(name)
        if name in WHOLE:
            values.append("" if v is None else str(int(v)))  # type: ignore[call-overload]  # an int or None here
        elif name == "Time":
            values.append(spec_time(v))  # type: ignore[arg-type]  # a datetime or None here
        else:
            values.append(spec_text(v))  # type: ignore[arg-type]  # a str or None here
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- random rows with nasty values ----------------------------------------------------------

NASTY = ['"', "\\", "\n", "\r\n", "\r", "\t", "  ", "\xa0", "\u2028", "e\u0301", "株式会社", "🙂",
         "\x00", "\x1f", "'", "</script>", "\\u0000", "=1+1"]  # fmt: skip
TEXTS = st.one_of(
    st.none(),
    st.sampled_from(["lwei", "sales manager", "approve", "Q-2026-0001", " x ", ""]),
    st.lists(st.sampled_from([*NASTY, "a", "b", " "]), max_size=6).map("".join),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)
INTS = st.one_of(st.none(), st.integers(min_value=-5, max_value=10**12))
TIMES = st.one_of(
    st.none(),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 1, 2)).map(
        lambda t: t.replace(microsecond=500_000)  # exactly half a second
    ),
)
ROW = st.fixed_dictionaries(
    {f: INTS if f in WHOLE else TIMES if f == "Time" else TEXTS for f in FIELDS}
)


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """The rows as the register reader types an ApprovalLog (index = sheet row)."""
    data: dict[str, object] = {}
    for name in [*FIELDS, "Hash"]:
        values = [r.get(name) for r in rows]
        if name in WHOLE:
            data[name] = pd.array(values, dtype="Int64")
        elif name == "Time":
            data[name] = pd.to_datetime(pd.Series(values, dtype=object))
        else:
            data[name] = pd.Series(values, dtype="str")
    frame = pd.DataFrame(data)
    frame.index = pd.RangeIndex(2, len(rows) + 2)
    return frame


@settings(max_examples=100, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=8))
def test_column_hashes_are_the_formats(rows: list[dict[str, object]]) -> None:
    assert C.frame_hashes(_frame(rows)).tolist() == [spec_hash(r) for r in rows]


def test_the_spec_tells_what_the_format_keeps_apart() -> None:
    # negative cases of the spec itself: what must change a hash does, what must not does not
    row = {f: None for f in FIELDS} | {"Seq": 1, "Comment": "ok"}
    assert spec_hash(row | {"Comment": " ok \r\n"}) == spec_hash(row)  # trimmed
    assert spec_hash(row | {"Comment": "o k"}) != spec_hash(row)
    assert spec_hash(row | {"Comment": "o\nk"}) != spec_hash(row | {"Comment": "o k"})
    assert spec_hash(row | {"Seq": 2}) != spec_hash(row)
    assert spec_time(dt.datetime(2026, 1, 1, 9, 0, 4, 500_000)) == "2026-01-01T09:00:04"
    assert spec_time(dt.datetime(2026, 1, 1, 9, 0, 5, 500_000)) == "2026-01-01T09:00:06"


def test_the_committed_sample_verifies_under_the_spec() -> None:
    rows = CalamineWorkbook.from_path(str(SAMPLE)).get_sheet_by_name("ApprovalLog").to_python()
    header, body = rows[0], rows[1:]
    assert header[: len(FIELDS) + 1] == [*FIELDS, "Hash"]
    prev = GENESIS
    for cells in body:
        row = dict(zip(header, cells, strict=False))
        row = {k: (None if v == "" else v) for k, v in row.items()}
        assert row["Prev Hash"] == prev
        assert row["Hash"] == spec_hash(row), f"Seq {row['Seq']}"
        prev = str(row["Hash"])
    assert len(body) > 100


def _chain(n: int) -> list[dict[str, object]]:
    rows = []
    prev = GENESIS
    for seq in range(1, n + 1):
        row: dict[str, object] = {f: None for f in FIELDS} | {
            "Seq": seq,
            "Time": dt.datetime(2026, 10, 1, 9, 0) + dt.timedelta(minutes=seq),
            "User": "lwei",
            "Level": 1,
            "Quote ID": f"Q-2026-{seq:04d}",
            "Version": 1,
            "Decision": "approve",
            "Comment": 'margin "fine"\nsee mail',
            "Prev Hash": prev,
        }
        row["Hash"] = prev = spec_hash(row)
        rows.append(row)
    return rows


def test_a_chain_made_by_the_spec_verifies_and_tampering_is_named() -> None:
    rows = _chain(6)
    assert C.verify_chain(_frame(rows)).findings == []

    edited = [dict(r) for r in rows]
    edited[2]["Comment"] = "margin fine"
    found = C.verify_chain(_frame(edited)).findings
    assert [(f.kind, f.row) for f in found] == [(C.Tamper.EDITED, 4)]
    assert "Seq 3 (row 4) was edited: its Hash no longer matches its contents" in found[0].message

    deleted = rows[:2] + rows[3:]
    found = C.verify_chain(_frame(deleted)).findings
    assert [f.kind for f in found] == [C.Tamper.DELETED]
    assert "Seq 3" in found[0].message

    moved = [rows[0], rows[2], rows[1], *rows[3:]]
    found = C.verify_chain(_frame(moved)).findings
    assert C.Tamper.REORDERED in {f.kind for f in found}
