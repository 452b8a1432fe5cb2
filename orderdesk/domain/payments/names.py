"""Normalised payer names and the reference tokens found in remittance text, vectorised.

A payer is written by the paying bank, not by the customer: upper-cased, accents dropped,
truncated, legal form abbreviated or left out. Names are compared on a key with case, accents,
punctuation and legal forms removed; a second, weaker key is the first letters, for names the
bank cut short.

References (invoice, order, customer PO numbers) are found in remittance text the same way people
write them: 'INV-2026-0001', 'inv 2026 0001', 'INV20260001'. Both sides are reduced to letters and
digits only, and the text's runs of 1 to 4 consecutive tokens are looked up in the register's
references: one join, not a search per reference.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import numpy as np
import pandas as pd

# Legal forms and filler words that banks add, drop or abbreviate.
LEGAL_FORMS = [
    "LTD",
    "LIMITED",
    "GMBH",
    "MBH",
    "CO",
    "COMPANY",
    "KG",
    "OHG",
    "AG",
    "SE",
    "SL",
    "SLU",
    "SA",
    "SAS",
    "SARL",
    "SRL",
    "SPA",
    "BV",
    "NV",
    "AB",
    "AS",
    "ASA",
    "OY",
    "INC",
    "INCORPORATED",
    "LLC",
    "LLP",
    "LP",
    "CORP",
    "CORPORATION",
    "PLC",
    "PTY",
    "PTE",
    "BHD",
    "LDA",
    "KK",
    "KFT",
    "SP",
    "ZOO",
    "THE",
    "AND",
]
_LEGAL_CJK = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|株式会社)")
_MARKS = re.compile(r"[\u0300-\u036f]")
_NOT_WORD = re.compile(r"[\W_]+")
WEAK_PREFIX = 10  # first letters of a name: a weak hint
CUT_MIN = 12  # a name the bank cut to at least this many letters still identifies the payer
MAX_NGRAM = 4
MIN_REFERENCE = 5  # shorter references ("123") would be found in any text


_LEGAL_WORDS = frozenset(LEGAL_FORMS)


def _fold(name: str) -> str:
    """Upper case, accents off (ASCII names, the common case, skip the Unicode work)."""
    s = name.upper()
    if not s.isascii():
        s = _MARKS.sub("", unicodedata.normalize("NFKD", s))
        s = _LEGAL_CJK.sub(" ", s)
    return s


def _name_key(name: object) -> str:
    if not isinstance(name, str):
        return ""
    s = _fold(name).replace("&", " AND ").replace(".", "").replace("'", "")  # S.L. → SL
    return " ".join(w for w in _NOT_WORD.sub(" ", s).split() if w not in _LEGAL_WORDS)


def _raw_compact(name: object) -> str:
    """Letters and digits only, legal form kept: what a bank's truncation cuts from."""
    if not isinstance(name, str):
        return ""
    s = name.upper().replace("&", "AND")
    if not s.isascii():
        s = _MARKS.sub("", unicodedata.normalize("NFKD", s))
    return _NOT_WORD.sub("", s)


_NOT_WORD_OR_JOIN = re.compile(r"(?:[^\w\x1f]|_)+")
# The same for ASCII text, as str.translate tables: the regular expression above tests its
# alternatives at every character of the names joined (tens of milliseconds on 5,000 names).
_ASCII_NOT_WORD_SPACE = {c: " " for c in range(128) if not chr(c).isalnum() and chr(c) != "\x1f"}
_ASCII_NOT_WORD_GONE = dict.fromkeys(_ASCII_NOT_WORD_SPACE)


def _words(s: str, sep: str) -> str:
    """What is not a letter or digit of any script (underscore included) replaced by `sep`,
    the joiner kept; runs of them become one `sep` unless the text is ASCII (split after)."""
    if s.isascii():
        return s.translate(_ASCII_NOT_WORD_SPACE if sep else _ASCII_NOT_WORD_GONE)
    return _NOT_WORD_OR_JOIN.sub(sep, s)


def _joined(names: list[object]) -> str | None:
    """The names (non-text as blank) joined into one string, for the text work to be done on
    all at once; None when a name holds the joiner itself."""
    texts = [n if isinstance(n, str) else "" for n in names]
    joined = _JOIN.join(texts)
    return joined if joined.count(_JOIN) == max(len(texts) - 1, 0) else None


def _without_accents(s: str) -> str:
    return s if s.isascii() else _MARKS.sub("", unicodedata.normalize("NFKD", s))


def _name_key_all(names: list[object]) -> list[str]:
    """`_name_key` of each name. Upper case, accents and punctuation are per character, so
    they are done once on the names joined (the joiner is kept)."""
    joined = _joined(names)
    if joined is None or not names:
        return [_name_key(n) for n in names]
    s = _without_accents(joined.upper())
    if not s.isascii():
        s = _LEGAL_CJK.sub(" ", s)
    s = s.replace("&", " AND ").replace(".", "").replace("'", "")  # S.L. → SL
    s = _words(s, " ")
    return [" ".join(w for w in part.split() if w not in _LEGAL_WORDS) for part in s.split(_JOIN)]


def _raw_compact_all(names: list[object]) -> list[str]:
    """`_raw_compact` of each name, done on the names joined."""
    joined = _joined(names)
    if joined is None or not names:
        return [_raw_compact(n) for n in names]
    s = _without_accents(joined.upper().replace("&", "AND"))
    return _words(s, "").split(_JOIN)


def per_unique(values: pd.Series | np.ndarray, fn: Callable[[object], str]) -> np.ndarray:
    """fn over each distinct value once (payer names and references repeat a lot)."""
    arr = np.asarray(values, dtype=object)
    codes, uniq = pd.factorize(arr, use_na_sentinel=True)
    done = np.array([fn(u) for u in uniq] + [fn(None)], dtype=object)
    return done[codes]  # code -1 (missing) picks the last: fn(None)


def name_key(names: pd.Series | np.ndarray) -> np.ndarray:
    """The comparable form of names: upper case, no accents, no punctuation, no legal forms."""
    return per_unique(names, _name_key)


def name_keys(names: pd.Series | np.ndarray) -> pd.DataFrame:
    """Every key a name can be found under: columns `row` (the position in `names`), `key` and
    `strength` (2 = the whole name, in any word order, or as the bank cut it; 1 = only its
    first letters)."""
    arr = np.asarray(names, dtype=object)
    codes, uniq = pd.factorize(arr, use_na_sentinel=True)
    distinct = [*uniq.tolist(), None]
    full = _name_key_all(distinct)
    compact = [f.replace(" ", "") for f in full]
    # Per distinct name, a column per kind of key (the four kinds have different first
    # characters, so a name's keys never repeat one another); "" where there is none.
    kinds = (
        full,
        ["~" + " ".join(sorted(f.split())) for f in full],
        ["^" + c[:WEAK_PREFIX] if len(c) >= WEAK_PREFIX else "" for c in compact],
        ["<" + r if len(r) >= CUT_MIN else "" for r in _raw_compact_all(distinct)],
    )
    rows, keys = [], []
    for column in kinds:
        table = np.array(column, dtype=object)
        usable = np.fromiter(map(len, column), dtype=np.int64, count=len(column)) > 1
        r = np.flatnonzero(usable[codes])  # code -1: the last row, the blank's
        rows.append(r)
        keys.append(table[codes[r]])
    return pd.DataFrame(
        {
            "row": np.concatenate(rows),
            "key": np.concatenate(keys).astype(object),
            "strength": np.concatenate(
                [np.full(len(r), s) for r, s in zip(rows, (2, 2, 1, 2), strict=True)]
            ),
        }
    )


def cut_name_keys(names: pd.Series | np.ndarray) -> pd.DataFrame:
    """The names as a paying bank may have cut them (its first 12, 13, … letters), to find a
    payer written 'SILVER WHOLESALE S' for 'Silver Wholesale S.p.A.': columns row, key,
    strength (2)."""
    rows: list[int] = []
    keys: list[str] = []
    for row, raw in enumerate(_raw_compact_all(np.asarray(names, dtype=object).tolist())):
        for n in range(CUT_MIN, len(raw)):
            rows.append(row)
            keys.append("<" + raw[:n])
    return pd.DataFrame({"row": rows, "key": keys, "strength": 2}).astype({"row": np.int64})


_NOT_KEY = re.compile(r"[^0-9A-Z]+")


def _reference_key(ref: object) -> str:
    """Letters and digits only; "" when too short or without a digit to be found safely."""
    if not isinstance(ref, str):
        return ""
    # the separators people use, removed fast; anything else by the pattern
    key = ref.upper().replace("-", "").replace(" ", "").replace("/", "").replace(".", "")
    if not (key.isascii() and key.isalnum()):
        key = _NOT_KEY.sub("", key)
    if len(key) < MIN_REFERENCE or key.isalpha():  # only letters and digits are left
        return ""
    return key


_JOIN = "\x1f"  # a control character no reference holds (Excel cells cannot)
_NOT_KEY_OR_JOIN = re.compile(r"[^0-9A-Z\x1f]+")
# every ASCII character but letters, digits and the joiner, deleted (str.translate's fast path)
_ASCII_NOT_KEY = {c: None for c in range(128) if not chr(c).isalnum() and chr(c) != _JOIN}


def reference_key(refs: pd.Series | np.ndarray) -> np.ndarray:
    """References reduced to upper-case letters and digits ('inv-2026/0001' → 'INV20260001');
    "" for one too short or without a digit ('SO-7', 'ACME'), which any text could contain.

    Invoice numbers are all different, so this runs once per value: upper case and what is
    not a letter or digit are done on all of them joined into one string."""
    arr = np.asarray(refs, dtype=object)
    blank = pd.isna(arr)
    if pd.api.types.infer_dtype(arr[~blank], skipna=False) in ("string", "empty"):
        texts = np.where(blank, "", arr).tolist()
    else:
        texts = [v if isinstance(v, str) else "" for v in arr.tolist()]
    joined = _JOIN.join(texts)
    if joined.count(_JOIN) != max(len(texts) - 1, 0):
        return per_unique(arr, _reference_key)  # a reference holding the joiner: one by one
    plain = joined.upper().translate(_ASCII_NOT_KEY)
    if not plain.isascii():
        plain = _NOT_KEY_OR_JOIN.sub("", plain)
    keys = plain.split(_JOIN) if texts else []
    return np.array(
        ["" if len(k) < MIN_REFERENCE or k.isalpha() else k for k in keys], dtype=object
    )


_TOKENS = re.compile(r"[0-9A-Z]+")


def text_ngrams(texts: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Runs of 1..4 consecutive letter/digit tokens of each text, concatenated: (row, key)
    arrays, row the position in `texts`. 'Factura INV-2026-0002' gives FACTURA, INV, 2026, …,
    INV20260002, FACTURAINV2026, … (a text naming a key twice gives it twice)."""
    arr = np.asarray(texts, dtype=object)
    rows_list: list[int] = []
    words_list: list[str] = []
    for row, text in enumerate(arr.tolist()):
        if isinstance(text, str) and text:
            found = _TOKENS.findall(text.upper())
            rows_list += [row] * len(found)
            words_list += found
    rows = np.array(rows_list, dtype=np.int64)
    words = np.array(words_list, dtype=object)
    parts_rows = [rows]
    parts_keys = [words]
    joined = words.copy()
    for n in range(2, MAX_NGRAM + 1):
        same = rows[n - 1 :] == rows[: len(rows) - n + 1]
        joined = joined[: len(joined) - 1] + words[n - 1 :]
        parts_rows.append(rows[: len(joined)][same])
        parts_keys.append(joined[same])
    return np.concatenate(parts_rows), np.concatenate(parts_keys)
