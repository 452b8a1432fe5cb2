"""Logistics planning (issue 22): Plan shipment, Compare quotes, Import quotes.

Each reads the register once (`logistics_book.Book`), calls `domain/logistics`, and writes one
OrderDesk sheet (ShipPlan, QuoteCompare) or appends ForwarderQuotes rows, then saves once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from orderdesk.actions.base import Outcome, known_orders
from orderdesk.actions.context import RunContext
from orderdesk.actions.logistics_book import Book
from orderdesk.domain.logistics.decide import LABEL, Terms, decide, price_options
from orderdesk.domain.logistics.plan import order_loads, plan_containers
from orderdesk.domain.logistics.quotes import compare_quotes as compare
from orderdesk.domain.logistics.quotes import lane_offers, quote_offers
from orderdesk.domain.logistics.reroute import reroutes
from orderdesk.ports import Block, SheetContent
from orderdesk.schema import (
    ForwarderQuotes,
    ModeOptions,
    QuoteComparison,
    Reliability,
    Reroutes,
    Setting,
    ShipPlans,
    Table,
)


def _asked(book: Book, order_ids: Sequence[str] | None) -> list[str]:
    if order_ids:
        return known_orders(order_ids, book.orders.index)
    return book.open_orders()


def _loads(book: Book, ids: list[str]) -> pd.DataFrame:
    lines = book.lines[book.lines["order_id"].isin(ids)]
    loads = order_loads(lines, book.containers)
    loads = loads.join(book.orders[["lane", "currency", "ready", "requested"]])
    return loads.rename_axis("order_id").reset_index()


def _terms(ctx: RunContext) -> Terms:
    p = ctx.policy
    return Terms(
        carrying_rate=float(p.get(Setting.CARRYING_RATE)),
        penalty_per_day=float(p.get(Setting.LATE_PENALTY_PER_DAY)),
        penalty_cap=float(p.get(Setting.LATE_PENALTY_CAP)),
    )


def _block(table: type[Table], frame: pd.DataFrame, title: str | None = None) -> Block:
    out = frame.rename(columns={c.attr: c for c in table.columns()}).reindex(
        columns=list(table.columns())
    )
    for col in out.columns[out.dtypes == "string"]:  # plain objects: cells are written one by one
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return Block(
        table.table_name,
        out,
        title=title,
        formats={str(c): c.number_format for c in table.columns()},
        widths={str(c): c.width for c in table.columns()},
    )


def plan_shipments(ctx: RunContext, order_ids: Sequence[str] | None = None) -> Outcome:
    """Load plan, mode ranking and recommendation per order (the asked ones, else every order
    confirmed and not yet shipped), and contingency routes for delayed shipments."""
    book = Book(ctx)
    ids = _asked(book, order_ids)
    ctx.progress.start("Planning shipments", total=None)
    loads = _loads(book, ids)
    loads = plan_containers(
        book.lines[book.lines["order_id"].isin(ids)],
        book.cartons,
        loads.set_index("order_id"),
        book.containers,
    ).reset_index()
    offers = pd.concat(
        [lane_offers(book.lanes, ctx.today), quote_offers(book.quotes, ctx.today)],
        ignore_index=True,
    )
    options = price_options(loads, offers, ctx.rates)
    orders = book.orders.loc[loads["order_id"]]
    per, ranked = decide(
        orders, options, book.of_kind("carrier", "avg_delay"), _terms(ctx), ctx.today
    )
    plans = loads.set_index("order_id").join(per)
    plans["cost"] = plans["cost"].round(2)
    plans["container"] = plans["count"].astype(str) + " × " + plans["label"]
    plans["recommended"] = plans["recommended"].map(LABEL)
    plans["cheapest_on_time"] = plans["cheapest_on_time"].map(LABEL)
    plans = plans.rename(columns={"fit": "carton_fit"}).rename_axis("order_id").reset_index()
    ranked = ranked.assign(
        cost=ranked["cost"].round(2),
        mode=ranked["mode"].map(LABEL),
        currency=ranked["order_id"].map(book.orders["currency"]),
        on_time=np.where(ranked["on_time"], "yes", "no"),
    ).rename(columns={"source": "source"})
    routes = _reroutes(ctx, book)
    ctx.register.write_sheet(
        SheetContent(
            ShipPlans.sheet,
            [
                _block(ShipPlans, plans),
                _block(ModeOptions, *_options_shown(ranked)),
                _block(Reroutes, routes, f"Contingency routes ({len(routes)})"),
            ],
            heading="Shipment plan",
            notes=[
                f"{len(plans)} orders planned on {ctx.today.isoformat()}; costs in each order's "
                "currency (ECB rates); rewritten by Plan shipment."
            ],
        )
    )
    ctx.register.save()
    ctx.progress.done()
    unpriced = int(plans["recommended"].isna().sum())
    details = [
        f"{r['order_id']}: {r['recommended'] or '—'} · {r['container']} · {r['reason']}"
        for r in plans.head(20).to_dict("records")
    ]
    return Outcome(
        f"Planned {len(plans)} orders ({unpriced} without a rate for their lane); "
        f"{routes['shipment_id'].nunique()} delayed shipments with contingency routes",
        findings=unpriced + int(routes["shipment_id"].nunique()),
        details=details,
        data={"plans": len(plans), "options": len(ranked), "reroutes": len(routes)},
    )


OPTIONS_SHOWN = 200  # orders whose every option is listed (a sheet people read, not a dump)


def _options_shown(ranked: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    orders = ranked["order_id"].drop_duplicates()
    if len(orders) <= OPTIONS_SHOWN:
        return ranked, f"Every mode weighed ({len(ranked)} options)"
    shown = ranked[ranked["order_id"].isin(orders.iloc[:OPTIONS_SHOWN])]
    return shown, (
        f"Every mode weighed: the first {OPTIONS_SHOWN} of {len(orders)} orders (select orders, "
        "or name them with --order, to see theirs)"
    )


def _reroutes(ctx: RunContext, book: Book) -> pd.DataFrame:
    s = book.shipments
    frame = pd.DataFrame(
        {
            "shipment_id": s["shipment_id"],
            "order_id": s["order_id"],
            "lane": s["lane"],
            "delay_days": s["shipment_id"].map(book.delays["delay"]).fillna(0).to_numpy(),
            "departed": s["atd"].notna().to_numpy(),
            "arrived": s["ata"].notna().to_numpy(),
        }
    )
    routes = book.routes[["lane", "route", "kind", "extra_cost", "currency", "days_saved"]]
    return reroutes(frame, routes, int(ctx.policy.get(Setting.REROUTE_DELAY_DAYS)))


def compare_forwarder_quotes(ctx: RunContext, order_ids: Sequence[str] | None = None) -> Outcome:
    """Every quote of each order's lane on landed cost in the order's currency (ECB rate of the
    quote date) and transit; expired quotes flagged, never recommended; reliability per
    forwarder and carrier from the register's tracking history."""
    book = Book(ctx)
    ids = _asked(book, order_ids)
    loads = _loads(book, ids)
    rows = compare(
        loads, book.quotes, ctx.rates, ctx.today, book.of_kind("carrier", "on_time_share")
    )
    rows = rows.assign(
        quote_currency=rows["currency_quote"],
        on_time=np.where(rows["on_time"], "yes", "no"),
        note=np.where(
            rows["expired"],
            "expired " + pd.to_datetime(rows["valid_until"]).dt.strftime("%Y-%m-%d"),
            np.where(rows["landed"].isna(), "no ECB rate for the quote's currency", ""),
        ),
    )
    rel = book.reliability
    ctx.register.write_sheet(
        SheetContent(
            QuoteComparison.sheet,
            [
                _block(QuoteComparison, rows),
                _block(Reliability, rel, f"Reliability from tracking ({len(rel)})"),
            ],
            heading="Forwarders' quotes",
            notes=[
                f"Compared on {ctx.today.isoformat()} for {loads['order_id'].nunique()} orders; "
                "landed cost at the ECB rate of each quote's date; rewritten by Compare quotes."
            ],
        )
    )
    ctx.register.save()
    best = rows[rows["state"] == "recommended"]
    details = [
        f"{r['order_id']}: {r['quote_ref']} ({r['forwarder']}) {r['landed']:,.2f} "
        f"{r['currency']}, {r['transit_days']} days"
        for r in best.head(20).to_dict("records")
    ]
    n_expired = int(rows["expired"].sum())
    return Outcome(
        f"Compared {len(rows)} quotes for {rows['order_id'].nunique()} orders: "
        f"{len(best)} recommended, {n_expired} expired",
        findings=n_expired,
        details=details,
        data={"quotes": len(rows), "recommended": len(best), "expired": n_expired},
    )


def import_quotes(ctx: RunContext, files: Sequence[Path] | None = None) -> Outcome:
    """Append the quotes of forwarders' CSV / xlsx files (default: the forwarder-quotes folder
    beside the workbook) to ForwarderQuotes, each once (by Quote Ref); a file that cannot be
    read is refused before anything is written."""
    from orderdesk.adapters.forwarder_quotes import quote_files, read_quote_file

    files = list(files or quote_files(ctx.register.source))
    book = Book(ctx)
    known = set(book.quotes["quote_ref"].astype(str).str.strip().str.upper())
    rows = [row for f in files for row in read_quote_file(Path(f))]
    new = []
    for row in rows:
        ref = str(row[ForwarderQuotes.quote_ref]).strip().upper()
        if ref not in known:
            known.add(ref)
            new.append(row)
    if new:
        ctx.register.append(ForwarderQuotes, new)
        ctx.register.save()
    return Outcome(
        f"Imported {len(new)} forwarder quotes from {len(files)} files "
        f"({len(rows) - len(new)} already there)",
        details=[f"{r[ForwarderQuotes.quote_ref]} {r[ForwarderQuotes.forwarder]}" for r in new],
        data={"imported": len(new), "skipped": len(rows) - len(new)},
    )
