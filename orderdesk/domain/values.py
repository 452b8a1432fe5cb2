"""Reading what people type into a register, leniently but never into a different meaning.

Each `parse_*` function takes one raw cell value (as Excel or a file reader hands it over: str,
int, float, bool, date, datetime, None) and returns the typed value, or raises `Unreadable` with a
short reason a clerk can act on. Nothing here guesses: an ambiguous value is refused, not
coerced.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from orderdesk.errors import OrderDeskError
from orderdesk.schema import ColType

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from orderdesk.schema import Column

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, with Excel's 1900 leap-year bug
# Serials a register date can plausibly be: 1950-01-01 … 2099-12-31.
SERIAL_MIN, SERIAL_MAX = 18264, 73050


class Unreadable(OrderDeskError, ValueError):
    """A cell value that cannot be read as the column's type; the message says why."""


# What Excel's error values mean, for the message that names the cell.
_ERROR_MEANING = {
    "#DIV/0!": "a formula divided by zero",
    "#N/A": "a lookup found nothing",
    "#REF!": "a formula refers to a cell that was deleted",
    "#VALUE!": "a formula got the wrong kind of value",
    "#NAME?": "a formula uses a name Excel does not know",
    "#NUM!": "a formula's number is impossible",
    "#NULL!": "a formula's ranges do not meet",
    "#SPILL!": "a formula's result cannot spill",
    "#CALC!": "a formula could not be calculated",
    "#GETTING_DATA": "a formula was still fetching its data",
}


class CellError:
    """An Excel error value in a cell (`#DIV/0!`, `#REF!`, `#N/A` …): a formula that failed.
    Not a blank and not a value; the reader reports it with its cell."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CellError) and other.code == self.code

    def __hash__(self) -> int:
        return hash(("CellError", self.code))

    def __str__(self) -> str:
        return self.code

    __repr__ = __str__  # a message that shows the value shows the error code, nothing else

    @property
    def problem(self) -> str:
        meaning = _ERROR_MEANING.get(self.code.upper(), "a formula that failed")
        return f"holds Excel's error value {self.code} ({meaning}), not a value"


# pandas computes with dates from 1677-09-22 to 2262-04-11 (nanoseconds in 64 bits). A date
# beyond, such as 9999-12-31 typed for "no expiry", is read as the last day it can hold: later
# than anything it is compared with, so it still means "never" (the cell itself is not changed).
FIRST_DAY = dt.datetime(1677, 9, 22)
LAST_DAY = dt.datetime(2262, 4, 11)


def calculable(value: dt.datetime) -> dt.datetime:
    """A point in time moved inside the span pandas computes with (see LAST_DAY)."""
    return min(max(value, FIRST_DAY), LAST_DAY)


def calculable_day(day: dt.date | None) -> dt.date | None:
    """A day moved inside the span pandas computes with (`--to 3000-01-01` is "no end")."""
    if day is None:
        return None
    return calculable(dt.datetime.combine(day, dt.time())).date()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def visible_controls(text: str) -> str:
    """Control characters (but tab and line breaks) as their visible symbols: U+0007 → ␇.
    For text shown to a person or written where the character cannot go (a worksheet)."""
    return _CONTROL.sub(lambda m: chr(0x2400 + ord(m[0])), text) if _CONTROL.search(text) else text


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and not value.strip()


def clean_as_is(text: str) -> bool:
    """Text `clean_text` returns unchanged: printable ASCII with single spaces, none at either
    end (checked with C-speed string methods: most cells of a register are such text)."""
    return (
        text.isascii()
        and text.isprintable()
        and text[:1] != " "
        and text[-1:] != " "
        and "  " not in text
    )


def clean_text(value: object) -> str | None:
    """Trimmed text with runs of spaces folded; None for a blank cell.

    Line breaks typed with Alt+Enter are kept (shipping marks and addresses are laid out in
    lines); blank lines at either end and spaces around each line go.
    """
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 12345.0 typed into a text column is "12345"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip("\n") or None


# --- numbers -----------------------------------------------------------------------------

_CURRENCY_AFFIX = re.compile(r"^(?:[A-Z]{3}|[$€£¥₹₩₽]|US\$|RMB)\s*|\s*(?:[A-Z]{3}|[$€£¥₹₩₽]|RMB)$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_THOUSANDS_SPACE = re.compile(r"^\d{1,3}( \d{3})+([.,]\d+)?$")


def _number_text(text: str) -> Decimal:
    raw = text
    text = unicodedata.normalize("NFKC", text).strip()
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("'", "")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text = _CURRENCY_AFFIX.sub("", text.upper()).strip()
    if text.startswith("-"):
        negative, text = not negative, text[1:].strip()
    elif text.startswith("+"):
        text = text[1:].strip()
    if text.endswith("-"):  # 1.234,50- (some ERP exports)
        negative, text = not negative, text[:-1].strip()
    if _THOUSANDS_SPACE.match(text):
        text = text.replace(" ", "")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):  # 1.234,50
            if not _THOUSANDS_DOT.match(text):
                raise Unreadable(f"'{raw}' mixes separators")
            text = text.replace(".", "").replace(",", ".")
        else:  # 1,234.50
            if not _THOUSANDS_COMMA.match(text):
                raise Unreadable(f"'{raw}' mixes separators")
            text = text.replace(",", "")
    elif "," in text:
        # 1,234 and 12,345,678 are thousands; 12,5 and 0,75 are decimal commas.
        text = text.replace(",", "") if _THOUSANDS_COMMA.match(text) else text.replace(",", ".")
    elif text.count(".") > 1:
        if not _THOUSANDS_DOT.match(text):
            raise Unreadable(f"'{raw}' is not a number")
        text = text.replace(".", "")
    if not re.fullmatch(r"\d+(\.\d*)?|\.\d+", text):
        raise Unreadable(f"'{raw}' is not a number")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above rules it out
        raise Unreadable(f"'{raw}' is not a number") from exc
    return -number if negative else number


def parse_decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise Unreadable(f"{value} is yes/no, not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise Unreadable("not a number")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, dt.date):
        raise Unreadable(f"{value.isoformat()} is a date, not a number")
    if isinstance(value, str):
        return _number_text(value)
    raise Unreadable(f"{value!r} is not a number")


def parse_float(value: object) -> float:
    return float(parse_decimal(value))


INT_LIMIT = 2**53  # whole numbers beyond are no count, line or version anyone types


def parse_int(value: object) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise Unreadable(f"{_show(value)} is not a whole number")
    if abs(number) >= INT_LIMIT:
        raise Unreadable(f"{_show(value)} is too large a whole number")
    return int(number)


def parse_percent(value: object) -> Decimal:
    """A share as a fraction. '30%', 0.3 and 30 all mean 30 %: numbers above 1 (up to 100) are
    percentage points, as Excel's own percent entry treats them."""
    if isinstance(value, str) and value.strip().endswith("%"):
        share = parse_decimal(value.strip()[:-1]) / 100
        if not 0 <= share <= 1:
            raise Unreadable(f"{_show(value)} is not a percentage between 0% and 100%")
        return share
    number = parse_decimal(value)
    if 0 <= number <= 1:
        return number
    if 1 < number <= 100:
        return number / 100
    raise Unreadable(f"{_show(value)} is not a percentage between 0% and 100%")


# --- dates ------------------------------------------------------------------------------


@cache
def _month_names() -> dict[str, int]:
    """Month names and abbreviations in the register's languages, lower-cased."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for loc in ("en", "es", "de", "fr", "pt", "it", "nl"):
        for width in ("wide", "abbreviated"):
            for ctx in ("format", "stand-alone"):
                for num, name in get_month_names(width, ctx, locale=loc).items():
                    names[name.lower().rstrip(".")] = num
    names["sept"] = 9
    return names


def from_serial(serial: float) -> dt.datetime:
    if not SERIAL_MIN <= serial <= SERIAL_MAX + 1:
        raise Unreadable(f"{serial:g} is not a plausible date")
    return dt.datetime.combine(EXCEL_EPOCH, dt.time()) + dt.timedelta(days=serial)


def to_serial(day: dt.date) -> float:
    if isinstance(day, dt.datetime):
        delta = day - dt.datetime.combine(EXCEL_EPOCH, dt.time())
        return delta.days + delta.seconds / 86400
    return float((day - EXCEL_EPOCH).days)


def _year(y: int) -> int:
    return y + (2000 if y < 70 else 1900) if y < 100 else y


def _ymd(y: int, m: int, d: int, raw: str) -> dt.date:
    try:
        return dt.date(_year(y), m, d)
    except ValueError as exc:
        raise Unreadable(f"'{raw}' is not a real date") from exc


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2}))?$")
_CJK = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_WORDY = re.compile(r"[a-zà-ÿ]+\.?|\d+", re.IGNORECASE)


def parse_datetime(value: object, *, day_first: bool = True) -> dt.datetime:
    """A point in time from a cell: a datetime, an Excel serial, or text in the usual forms.

    `day_first` says how to read an ambiguous 03/04/2026 (the register's Settings say which);
    when one part is above 12 the value reads one way only, whatever the setting.

    A date beyond the span pandas computes with (Excel's 9999-12-31 "open end") is read as the
    last day it can hold: later than anything, so it still means "never" (see LAST_DAY).
    """
    return calculable(_parse_datetime(value, day_first=day_first))


def _parse_datetime(value: object, *, day_first: bool) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, bool):
        raise Unreadable(f"{value} is yes/no, not a date")
    if isinstance(value, int | float | Decimal):
        return from_serial(float(value))
    if not isinstance(value, str):
        raise Unreadable(f"{value!r} is not a date")
    raw = value
    text = unicodedata.normalize("NFKC", value).strip()
    if m := _ISO.match(text):
        if len(text) > m.end() and not re.fullmatch(
            r"(\.\d+)?(Z|[+-]\d{2}:?\d{2})?", text[m.end() :]
        ):
            raise Unreadable(f"'{raw}' is not a date")
        day = _ymd(int(m[1]), int(m[2]), int(m[3]), raw)
        hh, mm, ss = int(m[4] or 0), int(m[5] or 0), int(m[6] or 0)
        if hh > 23 or mm > 59 or ss > 59:
            raise Unreadable(f"'{raw}' has an impossible time")
        return dt.datetime(day.year, day.month, day.day, hh, mm, ss)
    if m := _COMPACT.match(text):
        return dt.datetime.combine(_ymd(int(m[1]), int(m[2]), int(m[3]), raw), dt.time())
    if m := _CJK.match(text):
        return dt.datetime.combine(_ymd(int(m[1]), int(m[2]), int(m[3]), raw), dt.time())
    if m := _NUMERIC.match(text):
        a, sep, b, y = int(m[1]), m[2], int(m[3]), int(m[4])
        if sep == "." or (
            a > 12 and b <= 12
        ):  # 07.03.2026 is day.month.year wherever dots are written
            d, mo = a, b
        elif b > 12 and a <= 12:
            d, mo = b, a
        else:
            d, mo = (a, b) if day_first else (b, a)
        day = _ymd(y, mo, d, raw)
        return dt.datetime(day.year, day.month, day.day, int(m[5] or 0), int(m[6] or 0))
    return dt.datetime.combine(_wordy_date(text, raw), dt.time())


def _wordy_date(text: str, raw: str) -> dt.date:
    """'7 Mar 2026', 'March 7, 2026', '7-Mar-26', '7 de marzo de 2026', '7. März 2026'."""
    tokens = [t.lower().rstrip(".") for t in _WORDY.findall(text)]
    tokens = [t for t in tokens if t not in ("de", "del", "of", "the")]
    months = _month_names()
    month = [i for i, t in enumerate(tokens) if t in months]
    numbers = [i for i, t in enumerate(tokens) if t.isdigit()]
    if len(month) != 1 or len(numbers) != 2 or len(tokens) != 3:
        raise Unreadable(f"'{raw}' is not a date")
    first, second = (int(tokens[i]) for i in numbers)
    if first > 31:  # 2026 March 7
        y, d = first, second
    else:
        d, y = first, second
    return _ymd(y, months[tokens[month[0]]], d, raw)


def parse_date(value: object, *, day_first: bool = True) -> dt.date:
    return parse_datetime(value, day_first=day_first).date()


# --- yes / no ---------------------------------------------------------------------------

_TRUE = {"yes", "y", "true", "1", "x", "✓", "✔", "是", "sí", "si", "ja", "oui", "sim", "はい"}
_FALSE = {"no", "n", "false", "0", "-", "否", "nein", "non", "não", "nao", "いいえ"}


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise Unreadable(f"{_show(value)} is not yes or no")


def _show(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)


def python_cell(value: Any) -> Any:
    """A value as a cell should hold it (numpy/pandas scalars to Python; NaN/NaT to None)."""
    if value is None:
        return None
    import numpy as np
    import pandas as pd

    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        if value == value.normalize():
            return value.date()
        return value.to_pydatetime()
    if isinstance(value, float | np.floating) and np.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dt.datetime | dt.date | str | int | float | bool):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return value


# --- whole columns ------------------------------------------------------------------------
#
# A sheet is read a column at a time: `coerce` types one column's raw cells with the parsers
# above. The cells that already are what they read as (a float in a number column, clean text,
# a date in a date column: nearly every cell of a register) are taken in whole-column numpy
# steps; only the rest (numbers typed as text, dates as text, serials, error values …) go
# through the parsers one by one, each distinct value once. numpy and pandas are imported here
# only when a column is read (the command line's start does not need them).

# The dtypes of read columns, spelt as pandas-stubs types them (literals, so pd.array type-checks).
CellDtype = Literal["Int64", "float64", "datetime64[ns]", "boolean", "str"]
DTYPES: dict[ColType, CellDtype] = {
    ColType.INT: "Int64",
    ColType.NUMBER: "float64",
    ColType.MONEY: "float64",
    ColType.RATE: "float64",
    ColType.PERCENT: "float64",
    ColType.DATE: "datetime64[ns]",
    ColType.DATETIME: "datetime64[ns]",
    ColType.BOOL: "boolean",
}
_FLOAT_TYPES = (ColType.NUMBER, ColType.MONEY, ColType.RATE)
_TEXT_TYPES = (ColType.TEXT, ColType.KEY, ColType.CODE)
_DATE_TYPES = (ColType.DATE, ColType.DATETIME)
_EXPECTED = {
    ColType.INT: "expected a whole number",
    ColType.NUMBER: "expected a number",
    ColType.MONEY: "expected an amount",
    ColType.RATE: "expected a number",
    ColType.PERCENT: "expected a percentage",
    ColType.DATE: "expected a date such as 2026-03-07",
    ColType.DATETIME: "expected a date and time",
    ColType.BOOL: "expected yes or no",
}
_CHUNK_CELLS = 256  # text cells checked together (one join, a few C-speed string tests)
_NAT = -(2**63)  # NaT as nanoseconds

Bad = list[tuple[int, Any, str]]  # (position, raw value, problem) of each unreadable cell


def expected(kind: ColType) -> str:
    """What a column of this type holds, for the message about a cell that is not that."""
    return _EXPECTED.get(kind, "unreadable")


def clean_cell(value: object) -> str | None:
    """`clean_text`, with clean text taken as it is (no copy, no normalisation)."""
    if type(value) is str and value and clean_as_is(value):
        return value
    return clean_text(value)


def cell_parser(kind: ColType, day_first: bool = True) -> Callable[[Any], Any]:
    """The parser of one raw cell of a column of this type (raises `Unreadable`)."""
    import pandas as pd

    if kind is ColType.CODE:
        return lambda v: (clean_cell(v) or "").upper() or None
    if kind in (ColType.TEXT, ColType.KEY):
        return clean_cell
    if kind is ColType.INT:
        return parse_int
    if kind in _FLOAT_TYPES:
        return parse_float
    if kind is ColType.PERCENT:
        return lambda v: float(parse_percent(v))
    if kind is ColType.DATE:
        return lambda v: pd.Timestamp(parse_datetime(v, day_first=day_first).date())
    if kind is ColType.DATETIME:
        return lambda v: pd.Timestamp(parse_datetime(v, day_first=day_first))
    if kind is ColType.BOOL:
        return parse_bool
    raise AssertionError(kind)


@dataclass
class ColumnValues:
    """One column as read: its typed values as a numpy array (`null` where a cell is empty or
    unreadable) and its unreadable cells."""

    kind: ColType
    values: np.ndarray
    null: np.ndarray
    bad: Bad

    def series(self) -> pd.Series:
        """The column as the frames hold it (dtype `DTYPES[kind]`, text as "str")."""
        import numpy as np
        import pandas as pd

        kind, values, null = self.kind, self.values, self.null
        if kind in _TEXT_TYPES:
            return pd.Series(values, dtype="str")
        if kind in _DATE_TYPES:
            return pd.Series(values.view("datetime64[ns]"))
        if kind is ColType.INT:
            return pd.Series(pd.arrays.IntegerArray(values, null.copy()))
        if kind is ColType.BOOL:
            data = np.where(null, False, values).astype(bool)
            return pd.Series(pd.arrays.BooleanArray(data, null.copy()))
        return pd.Series(values)

    def take(self, positions: np.ndarray) -> ColumnValues:
        """The values at `positions` (ascending); unreadable cells elsewhere are dropped, the
        rest renumbered."""
        bad = self.bad
        if bad:
            import numpy as np

            at = np.searchsorted(positions, [p for p, _, _ in bad])
            bad = [
                (int(i), v, why)
                for i, (p, v, why) in zip(at.tolist(), bad, strict=True)
                if i < len(positions) and positions[i] == p
            ]
        return ColumnValues(self.kind, self.values[positions], self.null[positions], bad)


def coerce(raw: Sequence[Any], col: Column, *, day_first: bool = True) -> tuple[pd.Series, Bad]:
    """Typed values for one column, and (position, value, problem) for each unreadable cell."""
    got = coerce_values(raw, col.type, day_first=day_first)
    return got.series(), got.bad


def coerce_values(raw: Sequence[Any], kind: ColType, *, day_first: bool = True) -> ColumnValues:
    """`coerce` as arrays (what `grid.build` filters by row before it makes the frame)."""
    import numpy as np

    n = len(raw)
    cells = np.fromiter(raw, dtype=object, count=n)
    kinds = np.fromiter(map(type, raw), dtype=object, count=n)
    blank = _of(kinds, type(None)) | (cells == "")
    if kind in _FLOAT_TYPES or kind is ColType.PERCENT:
        out, taken = _fast_floats(cells, kinds, kind)
    elif kind in _TEXT_TYPES:
        out, taken = _fast_texts(cells, _of(kinds, str) & ~blank, kind)
    elif kind is ColType.INT:
        out, taken = _fast_ints(cells, kinds)
    elif kind in _DATE_TYPES:
        out, taken = _fast_dates(cells, kinds, kind)
    elif kind is ColType.BOOL:
        taken = _of(kinds, bool)
        out = np.zeros(n, dtype=bool)
        out[taken] = cells[taken].astype(bool)
    else:
        raise AssertionError(kind)
    filled = taken.copy()
    bad = _parse_rest(cells, np.flatnonzero(~(taken | blank)), out, filled, kind, day_first)
    if kind in _FLOAT_TYPES or kind is ColType.PERCENT:
        null = np.isnan(out)
    elif kind in _DATE_TYPES:
        null = out == _NAT
    else:
        null = ~filled
    return ColumnValues(kind, out, null, bad)


def _of(kinds: np.ndarray, typ: type) -> np.ndarray:
    """Which cells are of exactly this type (`kinds` holds each cell's type)."""
    return kinds == typ  # numpy compares elementwise: a bool array


def _fast_floats(cells: np.ndarray, kinds: np.ndarray, kind: ColType) -> tuple[Any, np.ndarray]:
    """Floats as they are (a percentage only from 0 to 1: above, it is percentage points)."""
    import numpy as np

    out = np.full(len(cells), np.nan)
    taken = _of(kinds, float)
    numbers = cells[taken].astype("float64")
    if kind is ColType.PERCENT:
        share = (numbers >= 0) & (numbers <= 1)
        taken[np.flatnonzero(taken)[~share]] = False
        numbers = numbers[share]
    out[taken] = numbers
    return out, taken


def _fast_texts(cells: np.ndarray, strings: np.ndarray, kind: ColType) -> tuple[Any, np.ndarray]:
    """Text that `clean_text` would return unchanged, taken as it is (upper-cased for a code)."""
    import numpy as np

    out = np.full(len(cells), None, dtype=object)
    where = np.flatnonzero(strings)
    texts = cells[where]
    clean = clean_flags(texts.tolist())
    good = texts[clean]
    if kind is ColType.CODE:
        good = np.fromiter(map(str.upper, good), dtype=object, count=len(good))
    out[where[clean]] = good
    taken = np.zeros(len(cells), dtype=bool)
    taken[where[clean]] = True
    return out, taken


def clean_flags(texts: Sequence[str], without: str = "") -> np.ndarray:
    """For each of these non-empty texts, whether `clean_text` keeps it as it is (and none of
    the characters `without` is in it), as a bool array: a run of texts at a time."""
    import numpy as np

    clean = np.zeros(len(texts), dtype=bool)
    for start in range(0, len(texts), _CHUNK_CELLS):
        _mark_clean(list(texts[start : start + _CHUNK_CELLS]), clean, start, without)
    return clean


def _mark_clean(texts: list[str], clean: np.ndarray, at: int, without: str = "") -> None:
    """Set `clean[at + i]` for each of `texts` that `clean_text` keeps as it is: a whole run at
    once when every one is, else each half on its own, down to a few texts looked at one by one
    (a few unclean texts cost a few looks each)."""
    if _all_clean(texts, without):
        clean[at : at + len(texts)] = True
    elif len(texts) <= 16:
        clean[at : at + len(texts)] = [_all_clean([t], without) for t in texts]
    else:
        half = len(texts) // 2
        _mark_clean(texts[:half], clean, at, without)
        _mark_clean(texts[half:], clean, at + half, without)


def _all_clean(texts: list[str], without: str = "") -> bool:
    """Whether `clean_text` keeps every one of these non-empty texts as it is, in one look at
    them joined: printable (no line breaks, tabs or other spaces than ' '), composed (NFC), a
    single space between words and none at either end. A space at either end of any of them
    shows beside a separator. (A text holding the separator may be sent to the one-by-one look
    needlessly; never the other way. The separator composes with nothing, so the join is NFC
    exactly when each text is.)"""
    joined = "|".join(texts)
    return (
        joined.isprintable()
        and "  " not in joined
        and " |" not in joined
        and "| " not in joined
        and joined[:1] != " "
        and joined[-1:] != " "
        and (joined.isascii() or unicodedata.is_normalized("NFC", joined))
        and not any(c in joined for c in without)
    )


def _fast_ints(cells: np.ndarray, kinds: np.ndarray) -> tuple[Any, np.ndarray]:
    """Floats holding a whole number (as Excel stores every number) as int64."""
    import numpy as np

    out = np.zeros(len(cells), dtype="int64")
    taken = _of(kinds, float)
    numbers = cells[taken].astype("float64")
    with np.errstate(invalid="ignore"):
        whole = np.isfinite(numbers) & (np.trunc(numbers) == numbers)
        whole &= np.abs(numbers) < INT_LIMIT
    taken[np.flatnonzero(taken)[~whole]] = False
    out[taken] = numbers[whole].astype("int64")
    return out, taken


def _fast_dates(cells: np.ndarray, kinds: np.ndarray, kind: ColType) -> tuple[Any, np.ndarray]:
    """Date and datetime cells as nanoseconds, moved inside FIRST_DAY … LAST_DAY (a date column
    keeps the day only, as `parse_date` does)."""
    import numpy as np

    out = np.full(len(cells), _NAT, dtype="int64")
    taken = np.zeros(len(cells), dtype=bool)
    unit = "datetime64[D]" if kind is ColType.DATE else "datetime64[us]"
    lo = np.datetime64(FIRST_DAY, "us").astype(unit)
    hi = np.datetime64(LAST_DAY, "us").astype(unit)
    for typ in (dt.date, dt.datetime):
        mask = _of(kinds, typ)
        if not mask.any():
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # a time zone: parsed one by one (refused there)
                stamps = _stamps(cells[mask], typ)
        except (TypeError, ValueError, OverflowError, Warning):
            continue
        stamps = np.clip(stamps.astype(unit), lo, hi)
        out[mask] = stamps.astype("datetime64[ns]").view("int64")
        taken |= mask
    return out, taken


def _stamps(cells: np.ndarray, typ: type) -> np.ndarray:
    """Cells all of exactly type `typ` as numpy's `astype` gives them (dates as datetime64[D],
    datetimes as datetime64[us]), but a dozen times faster: numpy converts each object through
    Python calls, while a date's day number and pandas' conversion of datetimes run at C speed.
    A datetime with a time zone is refused (ValueError), as numpy warns of it."""
    import numpy as np
    import pandas as pd

    if typ is dt.date:
        days = np.fromiter(map(dt.date.toordinal, cells), dtype="int64", count=len(cells))
        return (days - _UNIX_ORDINAL).astype("datetime64[D]")
    return np.asarray(pd.array(cells, dtype="datetime64[us]"))


_UNIX_ORDINAL = dt.date(1970, 1, 1).toordinal()  # the day numpy's datetime64 counts from


def _parse_rest(
    cells: np.ndarray,
    rest: np.ndarray,
    out: np.ndarray,
    filled: np.ndarray,
    kind: ColType,
    day_first: bool,
) -> Bad:
    """Parse the cells the whole-column steps did not take (each distinct value once) into
    `out`, marking them in `filled`; the unreadable ones are returned."""
    parse = cell_parser(kind, day_first)
    cache: dict[tuple[type, Any], Any] = {}
    bad: Bad = []
    for i in rest.tolist():
        value = cells[i]
        if type(value) is float and kind in _FLOAT_TYPES:
            continue  # NaN
        if isinstance(value, CellError):  # a failed formula: neither blank nor a value
            bad.append((i, value, value.problem))
            continue
        hit = _parsed(parse, value, cache)
        if isinstance(hit, Unreadable):
            bad.append((i, value, f"{hit} ({expected(kind)})"))
        elif hit is not None:
            out[i] = hit.value if kind in _DATE_TYPES else hit  # a Timestamp's nanoseconds
            filled[i] = True
    return bad


def _parsed(parse: Callable[[Any], Any], value: Any, cache: dict[tuple[type, Any], Any]) -> Any:
    """`parse(value)`, or the `Unreadable` it raised; remembered per distinct value."""
    key = (type(value), value)
    try:
        if key in cache:
            return cache[key]
    except TypeError:  # unhashable: parse directly
        try:
            return parse(value)
        except Unreadable as exc:
            return exc
    try:
        hit = parse(value)
    except Unreadable as exc:
        hit = exc
    except (TypeError, ValueError, OverflowError) as exc:
        hit = Unreadable(f"{value!r} cannot be read ({exc})")
    cache[key] = hit
    return hit
