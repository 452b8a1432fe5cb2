"""Sample logistics planning data (issue 22): a rate card for every lane the sample's orders
use, contingency routes per lane, forwarders' quotes (one in CNY, some expired), a quote file
for the demo's Import quotes, and which products' cartons bear no load."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from typing import Any

from orderdesk.adapters.forwarder_quotes import QUOTE_FOLDER
from orderdesk.sample import Sample, extension
from orderdesk.sample import master as M
from orderdesk.schema import Contingencies, ForwarderQuotes, Lanes, Orders, Products

# Rail from China reaches these ports' hinterland (the China–Europe trains end in Duisburg,
# Hamburg, Łódź and Małaszewicze).
RAIL_PORTS = ("DEHAM", "NLRTM", "PLGDN")
FRAGILE = ("lighting",)  # cartons nothing may stand on
_CARRIERS = tuple(M.CARRIER_PREFIXES)


def _transit(pol: str, pod: str) -> int:
    try:
        return M.transit_days(pol[:2], pod)
    except KeyError:
        return 30


def _lanes(pairs: list[tuple[str, str]]) -> tuple[list[dict[Any, Any]], list[dict[Any, Any]]]:
    lanes: list[dict[Any, Any]] = []
    routes: list[dict[Any, Any]] = []
    for i, (pol, pod) in enumerate(pairs):
        lane, days = f"{pol}-{pod}", _transit(pol, pod)
        carrier = _CARRIERS[i % len(_CARRIERS)]
        box = 600.0 + 45 * days
        rows = [
            ("fcl", "20GP", carrier, days, box, None),
            ("fcl", "40GP", carrier, days, round(box * 1.6), None),
            ("fcl", "40HC", carrier, days, round(box * 1.7), None),
            ("lcl", "wm", _CARRIERS[(i + 1) % len(_CARRIERS)], days + 5, 60.0 + 3 * days, 90.0),
            ("air", "kg", None, 5, 4.2, 120.0),
            ("express", "kg", M.EXPRESS_CARRIER, 4, 8.8, 60.0),
        ]
        if pol.startswith("CN") and pod in RAIL_PORTS:
            rows.append(("rail", "40HC", None, 20, round(box * 1.7 * 1.8), None))
        lanes += [
            {
                Lanes.lane: lane,
                Lanes.mode: m,
                Lanes.basis: b,
                Lanes.carrier: c,
                Lanes.transit_days: t,
                Lanes.rate: r,
                Lanes.currency: "USD",
                Lanes.min_charge: mc,
            }
            for m, b, c, t, r, mc in rows
        ]
        alternatives = [
            ("next sailing, other carrier", "other carrier", 250.0, 3),
            ("sea-air via Dubai", "sea-air", 2400.0, max(days - 14, 1)),
            ("air from the nearest hub", "air", 5500.0, max(days - 6, 1)),
        ]
        if pol == "CNNGB":
            alternatives.insert(0, ("load at CNSHA instead", "other POL", 350.0, 4))
        routes += [
            {
                Contingencies.lane: lane,
                Contingencies.route: r,
                Contingencies.kind: k,
                Contingencies.extra_cost: c,
                Contingencies.currency: "USD",
                Contingencies.days_saved: d,
            }
            for r, k, c, d in alternatives
        ]
    return lanes, routes


def _quote(
    ref: str, forwarder: str, lane: str, basis: str, day: dt.date, valid: int, **kw: Any
) -> dict[Any, Any]:
    return {
        ForwarderQuotes.quote_ref: ref,
        ForwarderQuotes.forwarder: forwarder,
        ForwarderQuotes.carrier: kw.get("carrier"),
        ForwarderQuotes.lane: lane,
        ForwarderQuotes.mode: kw.get("mode", "fcl"),
        ForwarderQuotes.basis: basis,
        ForwarderQuotes.quote_date: day,
        ForwarderQuotes.valid_until: day + dt.timedelta(days=valid),
        ForwarderQuotes.currency: kw.get("currency", "USD"),
        ForwarderQuotes.freight: kw["freight"],
        ForwarderQuotes.baf: kw.get("baf"),
        ForwarderQuotes.thc: kw.get("thc"),
        ForwarderQuotes.other: None,
        ForwarderQuotes.documentation: kw.get("docs"),
        ForwarderQuotes.min_charge: None,
        ForwarderQuotes.transit_days: kw["transit"],
        ForwarderQuotes.free_days: kw.get("free", 14),
        ForwarderQuotes.source_file: None,
    }


def _quotes(pairs: list[tuple[str, str]], as_of: dt.date, rng: random.Random) -> list[Any]:
    out = []
    for i, (pol, pod) in enumerate(pairs):
        lane, days = f"{pol}-{pod}", _transit(pol, pod)
        box = 600.0 + 45 * days
        day = as_of - dt.timedelta(days=rng.randint(5, 40))
        carrier = _CARRIERS[(i + 2) % len(_CARRIERS)]
        n = f"{i + 1:03d}"
        out += [
            # Sinotrans quotes in CNY (7.1 CNY a dollar, give or take), THC and docs apart
            _quote(
                f"SNT-{as_of.year}-{n}",
                M.OWN_FORWARDERS[0],
                lane,
                "20GP",
                day,
                45,
                currency="CNY",
                freight=round(box * 0.9 * rng.uniform(6.8, 7.4), -1),
                thc=1150.0,
                docs=450.0,
                carrier=carrier,
                transit=days + 1,
            ),
            _quote(
                f"KN-{as_of.year}-{n}",
                M.OWN_FORWARDERS[1],
                lane,
                "20GP",
                day,
                30,
                freight=round(box * rng.uniform(0.85, 1.0)),
                baf=90.0,
                docs=60.0,
                carrier=_CARRIERS[i % len(_CARRIERS)],
                transit=days,
            ),
            # DB Schenker's last offer ran out before the sample's day
            _quote(
                f"DBS-{as_of.year}-{n}",
                M.OWN_FORWARDERS[2],
                lane,
                "20GP",
                as_of - dt.timedelta(days=60),
                30,
                freight=round(box * 0.75),
                docs=50.0,
                carrier=carrier,
                transit=days - 1,
            ),
        ]
    return out


def _csv(rows: list[dict[Any, Any]]) -> bytes:
    buf = io.StringIO()
    cols = [c for c in ForwarderQuotes.columns() if c is not ForwarderQuotes.source_file]
    w = csv.writer(buf)
    w.writerow([str(c) for c in cols])
    for r in rows:
        w.writerow(["" if r.get(c) is None else r[c] for c in cols])
    return buf.getvalue().encode("utf-8")


@extension(75)
def logistics_planning(sample: Sample, rng: random.Random) -> None:
    orders = sample.frame(Orders)
    if orders.empty:
        return
    pol, pod = orders[Orders.port_of_loading], orders[Orders.port_of_discharge]
    counts = (pol + "-" + pod).dropna().value_counts()
    pairs = [_pair(x) for x in counts.index]
    lanes, routes = _lanes(sorted(pairs))
    sample.tables[Lanes] = sample.frame(Lanes).iloc[:0]
    sample.append(Lanes, lanes)
    sample.append(Contingencies, routes)
    busiest = sorted(pairs[:6])
    quotes = _quotes(busiest, sample.as_of, rng)
    sample.append(ForwarderQuotes, quotes)
    # a new quote by file, for the demo's Import quotes (read as Kuehne+Nagel sends it)
    fresh = _quotes(busiest[:2], sample.as_of + dt.timedelta(days=1), rng)
    for q in fresh:
        q[ForwarderQuotes.quote_ref] = str(q[ForwarderQuotes.quote_ref]) + "-R1"
    sample.files[f"{QUOTE_FOLDER}/forwarder-quotes-{sample.as_of:%Y-%m}.csv"] = _csv(fresh)
    products = sample.frame(Products)
    products[Products.stackable] = products[Products.category].map(
        lambda c: "no" if c in FRAGILE else None
    )


def _pair(lane: object) -> tuple[str, str]:
    pol, _, pod = str(lane).partition("-")
    return pol, pod
