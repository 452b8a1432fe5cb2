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
    per_name: list[tuple[str, str, str, str]] = []
    for name in [*uniq.tolist(), None]:
        full = _name_key(name)
        compact = full.replace(" ", "")
        raw = _raw_compact(name)
        per_name.append(
            (
                full,
                "~" + " ".join(sorted(full.split())),
                "^" + compact[:WEAK_PREFIX] if len(compact) >= WEAK_PREFIX else "",
                "<" + raw if len(raw) >= CUT_MIN else "",
            )
        )
    table = np.array(per_name, dtype=object)[codes]  # code -1 (missing) takes the last row
    n = len(arr)
    rows = np.arange(n)
    out = pd.DataFrame(
        {
            "row": np.concatenate([rows, rows, rows, rows]),
            "key": table.T.reshape(-1) if n else np.array([], dtype=object),
            "strength": np.repeat([2, 2, 1, 2], n),
        }
    )
    out = out.loc[out["key"].str.len().gt(1)]
    return out.drop_duplicates(["row", "key"])


def cut_name_keys(names: pd.Series | np.ndarray) -> pd.DataFrame:
    """The names as a paying bank may have cut them (its first 12, 13, … letters), to find a
    payer written 'SILVER WHOLESALE S' for 'Silver Wholesale S.p.A.': columns row, key,
    strength (2)."""
    rows: list[int] = []
    keys: list[str] = []
    for row, name in enumerate(np.asarray(names, dtype=object).tolist()):
        raw = _raw_compact(name)
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


def reference_key(refs: pd.Series | np.ndarray) -> np.ndarray:
    """References reduced to upper-case letters and digits ('inv-2026/0001' → 'INV20260001');
    "" for one too short or without a digit ('SO-7', 'ACME'), which any text could contain."""
    return per_unique(refs, _reference_key)


_TOKENS = re.compile(r"[0-9A-Z]+")


def text_ngrams(texts: pd.Series | np.ndarray) -> pd.DataFrame:
    """Runs of 1..4 consecutive letter/digit tokens of each text, concatenated: columns `row`
    (the position in `texts`) and `key`. 'Factura INV-2026-0002' gives FACTURA, INV, 2026, …,
    INV20260002, FACTURAINV2026, …"""
    arr = np.asarray(texts, dtype=object)
    rows_list: list[int] = []
    words_list: list[str] = []
    for row, text in enumerate(arr.tolist()):
        if isinstance(text, str) and text:
            found = _TOKENS.findall(text.upper())
            rows_list += [row] * len(found)
            words_list += found
    if not words_list:
        return pd.DataFrame({"row": pd.Series(dtype="int64"), "key": pd.Series(dtype=object)})
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
    out = pd.DataFrame({"row": np.concatenate(parts_rows), "key": np.concatenate(parts_keys)})
    return out.drop_duplicates()
