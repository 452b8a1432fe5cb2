"""How worksheet-function arguments become typed columns, and results become cells.

Every OrderDesk function takes a single cell or a whole range for each argument (xlwings hands
each over as a 2-D list, `ndim=2`); ranges and single cells broadcast against each other, and
the result has the shape of the largest argument, so one call fills a whole column. Values are
read as staff type them (text numbers, Excel date serials, dates as text) by
`orderdesk.domain.values`; a row with an unreadable value gets a short error text instead of a
result; a row whose required arguments are blank stays blank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain import values as V
from orderdesk.domain.reference import codes
from orderdesk.domain.reference.incoterms import TransportMode, transport_mode
from orderdesk.domain.reference.payment_terms import PaymentTerm, payment_term
from orderdesk.errors import OrderDeskError
from orderdesk.schema import LANGUAGES

BLANK = ""  # what a cell shows for a row without input
REQUIRED = object()  # an argument without a default: a blank value leaves the row blank


class ArgumentError(OrderDeskError):
    """An argument a worksheet function cannot use; the message says which and why."""


def error(text: str) -> str:
    """The text a cell shows for a bad argument: short, and recognisable with LEFT(x,6)."""
    return f"Error: {text}"


# --- readers: one raw cell value → a typed value, or Unreadable ------------------------------


def number(value: Any) -> Decimal:
    return V.parse_decimal(value)


def real(value: Any) -> float:
    """A number as a float (for vectorised work in Excel's own precision)."""
    return value if type(value) is float else V.parse_float(value)


def percent(value: Any) -> Decimal:
    return V.parse_percent(value)


def day(value: Any) -> dt.date:
    return V.parse_date(value)


def whole(value: Any) -> int:
    return V.parse_int(value)


def text(value: Any) -> str:
    return V.clean_text(value) or ""


def currency(value: Any) -> str:
    code = text(value).upper()
    if not codes.is_currency(code):
        raise V.Unreadable(f"'{code}' is not an ISO 4217 currency code")
    return code


def terms(value: Any) -> PaymentTerm:
    term = payment_term(text(value))
    if term is None:
        raise V.Unreadable(
            f"'{text(value)}' is not a payment term OrderDesk reads (e.g. TT30-70 BS)"
        )
    return term


def mode(value: Any) -> TransportMode:
    found = transport_mode(text(value))
    if found is None:
        modes = ", ".join(m.value for m in TransportMode)
        raise V.Unreadable(f"'{text(value)}' is not a transport mode ({modes})")
    return found


def language(value: Any) -> str:
    lang = text(value)
    known = {x.lower(): x for x in LANGUAGES}
    if lang.lower() not in known and lang.lower().split("-")[0] not in known:
        raise V.Unreadable(f"'{lang}' is not one of the languages {', '.join(LANGUAGES)}")
    return lang


def raw(value: Any) -> Any:
    """The cell value as Excel gave it (for checks that read any form themselves)."""
    return value


# --- arguments and results ------------------------------------------------------------------


@dataclass(frozen=True)
class Arg:
    name: str  # the argument's name as Excel shows it, used in error texts
    value: Any  # as xlwings passes it with ndim=2 (a 2-D list), or None when omitted
    read: Callable[[Any], Any]
    default: Any = REQUIRED


def rows_of(value: Any) -> list[list[Any]]:
    """A rectangular 2-D list from what xlwings passed (a 2-D list, a 1-D list, a scalar, None);
    short rows are padded with blanks."""
    if isinstance(value, list | tuple) and value and isinstance(value[0], list | tuple):
        width = max(len(r) for r in value)
        return [list(r) + [None] * (width - len(r)) for r in value]
    if isinstance(value, list | tuple):
        return [list(value)] if value else [[None]]
    return [[value]]


def grid(value: Any) -> np.ndarray:
    """The same as a 2-D object array."""
    rows = rows_of(value)
    out = np.empty((len(rows), len(rows[0])), dtype=object)
    out[:] = rows
    return out


def _blank(v: Any) -> bool:
    return v is None or (type(v) is str and not v.strip()) or (type(v) is float and v != v)


class ShapeError(ArgumentError):
    """Ranges of shapes that cannot be broadcast together."""


def broadcast_shape(shapes: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Single cells stretch to any shape; ranges must agree (a column and a row never mix)."""
    big = [s for s in shapes if s != (1, 1)]
    if not big:
        return (1, 1)
    if any(s != big[0] for s in big):
        sizes = " and ".join(sorted({f"{r}x{c}" for r, c in big}))
        raise ShapeError(f"the ranges have different sizes ({sizes})")
    return big[0]


class Columns:
    """The arguments of one call, read and broadcast: `frame` holds the typed values of the rows
    that can be computed; `out` the result of every cell (blank, error text, or value)."""

    def __init__(self, *args: Arg) -> None:
        self.args = args
        grids = [rows_of(a.value) for a in args]
        self.shape = broadcast_shape([(len(g), len(g[0])) for g in grids])
        n = self.shape[0] * self.shape[1]
        self.out: list[Any] = [BLANK] * n
        flats = [
            [v for row in g for v in row] if (len(g), len(g[0])) == self.shape else [g[0][0]] * n
            for g in grids
        ]
        blanks = [[_blank(v) for v in flat] for flat in flats]
        todo = [True] * n
        for arg, blank in zip(args, blanks, strict=True):
            if arg.default is REQUIRED:
                todo = [t and not b for t, b in zip(todo, blank, strict=True)]
        typed: dict[str, list[Any]] = {}
        for arg, flat, blank in zip(args, flats, blanks, strict=True):
            values: list[Any] = [None] * n
            cache: dict[tuple[type, Any], Any] = {}
            for i in range(n):
                if not todo[i]:
                    continue
                if blank[i]:
                    values[i] = arg.default
                    continue
                value = flat[i]
                key = (type(value), value)
                hit = cache.get(key, _MISSING)
                if hit is _MISSING:
                    try:
                        hit = arg.read(value)
                    except OrderDeskError as exc:  # this row only; a bug stops the call
                        hit = _Bad(f"{arg.name} {exc}")
                    cache[key] = hit
                if isinstance(hit, _Bad):
                    self.out[i] = error(hit.text)
                    todo[i] = False
                else:
                    values[i] = hit
            typed[arg.name] = values
        self.rows = [i for i in range(n) if todo[i]]
        self.typed = {name: [vals[i] for i in self.rows] for name, vals in typed.items()}

    @property
    def frame(self) -> pd.DataFrame:
        """The computable rows' typed arguments (index = cell position)."""
        return pd.DataFrame(self.typed, index=self.rows)

    def each(self, fn: Callable[..., Any]) -> Any:
        """Call `fn` once per distinct row of typed arguments (a column of 10,000 amounts in a
        few currencies is a few hundred calls) and return the cells."""
        done: dict[tuple[Any, ...], Any] = {}
        columns = [self.typed[a.name] for a in self.args]
        for i, values in zip(self.rows, zip(*columns, strict=True), strict=True):
            if values not in done:
                try:
                    done[values] = fn(*values)
                except OrderDeskError as exc:  # this row only; a bug stops the call
                    done[values] = _Bad(str(exc))
            result = done[values]
            self.out[i] = error(result.text) if isinstance(result, _Bad) else cell(result)
        return self.cells()

    def put(self, rows: Sequence[int], values: Sequence[Any]) -> None:
        for i, v in zip(rows, values, strict=True):
            self.out[i] = cell(v)

    def cells(self) -> Any:
        """One value for a single cell, else a 2-D list (Excel spills it)."""
        if self.shape == (1, 1):
            return self.out[0]
        width = self.shape[1]
        if width == 1:
            return [[v] for v in self.out]
        return [self.out[r * width : (r + 1) * width] for r in range(self.shape[0])]


_MISSING = object()


@dataclass(frozen=True)
class _Bad:
    text: str


def cell(value: Any) -> Any:
    """A Python value as a worksheet cell takes it: Decimals and numpy numbers as floats, dates
    as datetimes, NaN/None as blank, an error marker as its text."""
    if value is None:
        return BLANK
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return BLANK if np.isnan(value) else float(value)
    if isinstance(value, pd.Timestamp):
        return BLANK if pd.isna(value) else value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return value


def internal_error(function: str) -> str:
    """What a cell shows when OrderDesk itself failed: that it is a bug, and where the details
    are (the traceback goes to the log the ribbon's buttons use)."""
    from orderdesk_addin.buglog import log_bug

    try:
        log = str(log_bug(f"worksheet function {function}"))
    except OSError:  # the log cannot be written: the cell still says what happened
        log = "no log could be written"
    return error(f"internal error in OrderDesk ({function}); the details are in {log}")


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A worksheet function that never raises into Excel, and classes errors as the ribbon and
    the command line do: an `OrderDeskError` (a bad argument, ranges that do not fit) shows its
    short message in the cell; anything else is a bug: one "internal error" text in the cell,
    the traceback in the log."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        try:
            return fn(*args)
        except OrderDeskError as exc:  # the user's input: its message is enough
            return error(str(exc))
        except Exception:  # a bug: never a Python repr in a cell
            return internal_error(fn.__name__)

    return wrapper
