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
from decimal import Decimal, InvalidOperation
from functools import cache

from orderdesk.errors import OrderDeskError

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
