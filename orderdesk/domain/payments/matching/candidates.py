"""Step 1: what each receipt could be paying, found by joins over whole tables.

- references: invoice, order and customer-PO numbers in the remittance (and the EndToEndId),
  looked up as the runs of tokens of the text (`names.text_ngrams`) in the index's references;
- the payer: its name's keys in the customers' names and aliases, or an account that paid a
  customer before — who the payer is, and how sure (2: name, alias or account; 1: first letters);
- the amount alone, for a receipt with neither: the open invoices of exactly that amount.

A payer is kept as (receipt, customer), not expanded to the customer's open invoices: which of
those fit is a question of amounts, asked per round in `hypotheses` with a sorted search.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.payments.matching.index import InvoiceIndex, objects, upper
from orderdesk.domain.payments.matching.model import CENT, REF_INVOICE, REF_ORDER, REF_PO
from orderdesk.domain.payments.names import name_keys, per_unique, text_ngrams
from orderdesk.schema import BankEntries


@dataclass(frozen=True)
class Receipts:
    """The receipts of one `match` call, as arrays (position = e)."""

    ref: np.ndarray
    amount: np.ndarray
    eccy: np.ndarray
    vdate: np.ndarray  # value date, else booking date
    payer: np.ndarray
    payer_acct: np.ndarray
    text: np.ndarray  # remittance and EndToEndId
    # Plain lists for the reasons, read one receipt at a time.
    ref_list: list[str] = field(default_factory=list)
    payer_list: list[object] = field(default_factory=list)
    amount_list: list[float] = field(default_factory=list)
    ccy_list: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Receipts:
        remit = objects(frame[BankEntries.remittance])
        e2e = objects(frame[BankEntries.end_to_end_id])
        text = np.array(
            [f"{r or ''} {x or ''}" for r, x in zip(remit.tolist(), e2e.tolist(), strict=True)],
            dtype=object,
        )
        value = pd.to_datetime(frame[BankEntries.value_date]).fillna(
            pd.to_datetime(frame[BankEntries.booking_date])
        )
        acct = per_unique(
            objects(frame[BankEntries.payer_account]),
            lambda v: str(v).replace(" ", "").upper() if isinstance(v, str) else "",
        )
        ref = frame[BankEntries.entry_ref].astype(str).to_numpy(dtype=object)
        amount = frame[BankEntries.amount].astype(float).to_numpy()
        eccy = upper(frame[BankEntries.currency])
        payer = objects(frame[BankEntries.payer])
        return cls(
            ref,
            amount,
            eccy,
            value.to_numpy(dtype="datetime64[ns]"),
            payer,
            acct,
            text,
            ref.tolist(),
            payer.tolist(),
            amount.tolist(),
            eccy.tolist(),
        )

    def __len__(self) -> int:
        return len(self.ref)


class ByReceipt:
    """Values grouped by receipt, sorted once and looked up one receipt at a time (most are
    never asked for: building a dict of every receipt would cost more)."""

    def __init__(self, e: np.ndarray, values: np.ndarray) -> None:
        order = np.argsort(e, kind="stable")
        self.e_sorted = e[order]  # the same, as arrays, for work on many receipts at once
        self.values_sorted = values[order]
        self.e: list[int] = self.e_sorted.tolist()
        self.values: list[Any] = self.values_sorted.tolist()

    def get(self, e: int) -> list[Any]:
        return self.values[bisect_left(self.e, e) : bisect_right(self.e, e)]


@dataclass(frozen=True)
class Candidates:
    """What step 1 found for the receipts of one call."""

    # (e, i) pairs: named invoices (`via` the reference's strength, `payer` how sure the payer
    # is the invoice's customer), then, for receipts with nothing else, invoices of that amount.
    pairs: pd.DataFrame
    # who each payer is: e, customer, strength, c (the customer's code in the index; -1 when it
    # has no invoices), one row per (e, customer), strongest first
    who: pd.DataFrame
    named: ByReceipt  # invoices named in the remittance
    named_by_order: ByReceipt  # invoices of orders named in the remittance
    payer_is: ByReceipt  # the customers the payer may be
    payer_surely: ByReceipt  # … found by whole name or account


def find(index: InvoiceIndex, receipts: Receipts) -> Candidates:
    # One join of the remittances' token runs with every reference key: both sides coded
    # together, the references first, so a run is a reference when its code is one of theirs.
    rows, grams = text_ngrams(receipts.text)
    n = len(index.ref_keys)
    codes, _ = pd.factorize(np.concatenate([index.ref_keys, grams]))
    found = codes[n:] <= codes[:n].max(initial=-1)
    hits = pd.DataFrame({"e": rows[found], "k": codes[n:][found]})
    refs = index.refs.assign(k=codes[index.refs["p"].to_numpy()])
    by_ref = hits.merge(refs[["k", "i", "via"]], on="k")[["e", "i", "via"]]
    by_ref = by_ref.sort_values("via", ascending=False, kind="stable")
    by_ref = by_ref.drop_duplicates(["e", "i"])

    who = _payers(index, receipts)

    # Named invoices, with how sure we are their customer is the payer.
    by_ref["c"] = index.customer_code[by_ref["i"].to_numpy()]
    by_ref = by_ref.merge(who[["e", "c", "strength"]], on=["e", "c"], how="left")
    by_ref["payer"] = by_ref["strength"].fillna(0).astype(np.int64)
    pairs = by_ref[["e", "i", "via", "payer"]].assign(amount_only=False)

    # Receipts with neither a reference nor a payer with open invoices: invoices of that amount.
    is_open = index.open > CENT
    open_of = np.bincount(
        index.customer_code[is_open & (index.customer_code >= 0)], minlength=len(index.customers)
    )
    known = who["c"].to_numpy()
    paying = who["e"].to_numpy()[known >= 0][open_of[known[known >= 0]] > 0]
    lonely = np.setdiff1d(np.arange(len(receipts)), np.concatenate([pairs["e"], paying]))
    if lonely.size:
        cents_e = pd.DataFrame(
            {
                "e": lonely,
                "ccy": receipts.eccy[lonely],
                "c": np.round(receipts.amount[lonely] * 100).astype(np.int64),
            }
        )
        opened = np.flatnonzero(is_open)
        cents_i = pd.DataFrame(
            {
                "i": opened,
                "ccy": index.iccy[opened],
                "c": np.round(index.open[opened] * 100).astype(np.int64),
            }
        )
        same = cents_e.merge(cents_i, on=["ccy", "c"])[["e", "i"]]
        pairs = pd.concat([pairs, same.assign(via=0, payer=0, amount_only=True)], ignore_index=True)
    pairs = pairs.astype({"e": np.int64, "i": np.int64, "via": np.int64, "payer": np.int64})

    e, i, via = pairs["e"].to_numpy(), pairs["i"].to_numpy(), pairs["via"].to_numpy()
    named = via == REF_INVOICE
    by_order = (via == REF_ORDER) | (via == REF_PO)
    surely = who["strength"].to_numpy() == 2
    customer = who["customer"].astype(str).to_numpy(dtype=object)
    return Candidates(
        pairs=pairs,
        who=who,
        named=ByReceipt(e[named], i[named]),
        named_by_order=ByReceipt(e[by_order], i[by_order]),
        payer_is=ByReceipt(who["e"].to_numpy(), customer),
        payer_surely=ByReceipt(who["e"].to_numpy()[surely], customer[surely]),
    )


def _payers(index: InvoiceIndex, receipts: Receipts) -> pd.DataFrame:
    """Who each payer is: by name (or alias, or as the bank cut it), or by an account that paid
    the customer before."""
    payer_keys = name_keys(receipts.payer).rename(columns={"row": "e"})
    payer_keys["k"] = _positions(index.name_keys, payer_keys["key"].to_numpy(dtype=object))
    who = payer_keys.loc[payer_keys["k"].to_numpy() >= 0].merge(index.names, on="k")
    who["strength"] = np.minimum(who["strength"].to_numpy(), who["strength_c"].to_numpy())
    who = who[["e", "customer", "strength"]]
    if len(index.accounts):
        acct = pd.DataFrame({"e": np.arange(len(receipts)), "payer_acct": receipts.payer_acct})
        acct = acct.loc[acct["payer_acct"] != ""].merge(index.accounts, on="payer_acct")
        acct["strength"] = 2
        who = pd.concat([who, acct[["e", "customer", "strength"]]], ignore_index=True)
    who = who.sort_values("strength", ascending=False).drop_duplicates(["e", "customer"])
    who = who.reset_index(drop=True)
    who["c"] = index.customers.get_indexer(who["customer"].to_numpy())  # -1: no invoices
    return who


def _positions(distinct: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Where each wanted value is among distinct ones (-1: not there): both coded together,
    the distinct first, so their codes are their positions."""
    n = len(distinct)
    codes, _ = pd.factorize(np.concatenate([distinct, wanted]))
    found = codes[n:]
    return np.where(found < n, found, -1)
