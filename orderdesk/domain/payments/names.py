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
_LEGAL = re.compile(r"\b(?:" + "|".join(LEGAL_FORMS) + r")\b")
_LEGAL_CJK = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|株式会社)")
_MARKS = re.compile(r"[\u0300-\u036f]")
_NOT_WORD = re.compile(r"[\W_]+")
WEAK_PREFIX = 10  # letters of a name that identify it when the bank cut it short
MAX_NGRAM = 4
MIN_REFERENCE = 5  # shorter references ("123") would be found in any text


def name_key(names: pd.Series) -> pd.Series:
    """The comparable form of names: upper case, no accents, no punctuation, no legal forms."""
    s = names.astype("string").fillna("").str.upper().str.replace("&", " AND ", regex=False)
    s = s.str.normalize("NFKD").str.replace(_MARKS, "", regex=True)
    s = s.str.replace(r"[.']", "", regex=True)  # S.L. → SL, O'Neil → ONEIL
    s = s.str.replace(_LEGAL_CJK, " ", regex=True)
    s = s.str.replace(_NOT_WORD, " ", regex=True).str.replace(_LEGAL, " ", regex=True)
    return s.str.split().str.join(" ").fillna("")


def name_keys(names: pd.Series) -> pd.DataFrame:
    """Every key a name can be found under: columns `row` (the position in `names`), `key` and
    `strength` (2 = the whole name, in any word order; 1 = only its first letters)."""
    full = name_key(names).reset_index(drop=True)
    words = full.str.split()
    ordered = words.map(lambda w: " ".join(sorted(w)) if isinstance(w, list) else "")
    compact = full.str.replace(" ", "", regex=False)
    rows = np.arange(len(full))
    parts = [
        pd.DataFrame({"row": rows, "key": full, "strength": 2}),
        pd.DataFrame({"row": rows, "key": "~" + ordered, "strength": 2}),
        pd.DataFrame(
            {"row": rows, "key": "^" + compact.str.slice(0, WEAK_PREFIX), "strength": 1}
        ).loc[compact.str.len() >= WEAK_PREFIX],
    ]
    out = pd.concat(parts, ignore_index=True)
    out = out.loc[out["key"].str.len().gt(1) & out["key"].ne("~")]
    return out.sort_values("strength", ascending=False).drop_duplicates(["row", "key"])


def reference_key(refs: pd.Series) -> pd.Series:
    """References reduced to upper-case letters and digits ('inv-2026/0001' → 'INV20260001')."""
    s = refs.astype("string").fillna("").str.upper()
    return s.str.replace(r"[^0-9A-Z]", "", regex=True).fillna("")


def usable_reference(keys: pd.Series) -> pd.Series:
    """A reference long enough, and with a digit, not to be found by chance in any text."""
    return keys.str.len().ge(MIN_REFERENCE) & keys.str.contains(r"\d", regex=True)


def text_ngrams(texts: pd.Series) -> pd.DataFrame:
    """Runs of 1..4 consecutive letter/digit tokens of each text, concatenated: columns `row`
    (the position in `texts`) and `key`. 'Factura INV-2026-0002' gives FACTURA, INV, 2026, …,
    INV20260002, FACTURAINV2026, …"""
    tokens = texts.astype("string").fillna("").str.upper().str.findall(r"[0-9A-Z]+")
    tokens = tokens.reset_index(drop=True)
    flat = tokens.explode().dropna()
    if flat.empty:
        return pd.DataFrame({"row": pd.Series(dtype="int64"), "key": pd.Series(dtype=object)})
    rows = flat.index.to_numpy()
    words = flat.to_numpy(dtype=object)
    parts = [pd.DataFrame({"row": rows, "key": words})]
    joined = words.copy()
    for n in range(2, MAX_NGRAM + 1):
        same = rows[n - 1 :] == rows[: len(rows) - n + 1]
        joined = joined[: len(joined) - 1] + words[n - 1 :]
        parts.append(pd.DataFrame({"row": rows[: len(joined)][same], "key": joined[same]}))
    out = pd.concat(parts, ignore_index=True)
    return out.drop_duplicates()
