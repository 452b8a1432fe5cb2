"""The policy a new register starts with: Settings values and the policy tables on the Settings
sheet. A company edits these in Excel; the code reads them, never these defaults, once a register
exists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from orderdesk.schema import (
    COMPLAINT_CLASSES,
    Accounts,
    Approvers,
    Capacity,
    Carriers,
    Clauses,
    Column,
    ComplaintSla,
    Containers,
    Contingencies,
    CostDrivers,
    CreditBands,
    ExceptionRules,
    KpiBands,
    Lanes,
    LCBanks,
    MilestoneTemplates,
    RaciRoles,
    ScoreWeights,
    Settings,
    Standings,
    Table,
    setting_keys,
)

Row = dict[Column, Any]


def _show(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def policy_rows() -> dict[type[Table], list[Row]]:
    settings = [
        {Settings.key: k.key, Settings.value: _show(k.default), Settings.note: k.note}
        for k in setting_keys()
    ]
    return {
        Settings: settings,
        Approvers: [
            {
                Approvers.user: "lwei",
                Approvers.name: "Li Wei",
                Approvers.role: "sales manager",
                Approvers.level: 1,
            },
            {
                Approvers.user: "mgarcia",
                Approvers.name: "María García",
                Approvers.role: "sales manager",
                Approvers.level: 1,
            },
            {
                Approvers.user: "zhangmin",
                Approvers.name: "Zhang Min",
                Approvers.role: "cost accountant",
                Approvers.level: 2,
            },
            {
                Approvers.user: "hfischer",
                Approvers.name: "Hanna Fischer",
                Approvers.role: "cost accountant",
                Approvers.level: 2,
            },
            {
                Approvers.user: "chenjing",
                Approvers.name: "Chen Jing",
                Approvers.role: "commercial",
                Approvers.level: 3,
            },
        ],
        CreditBands: [
            {CreditBands.band: "A", CreditBands.min_score: 80, CreditBands.min_deposit: 0.0},
            {CreditBands.band: "B", CreditBands.min_score: 60, CreditBands.min_deposit: 0.2},
            {CreditBands.band: "C", CreditBands.min_score: 40, CreditBands.min_deposit: 0.3},
            {CreditBands.band: "D", CreditBands.min_score: 0, CreditBands.min_deposit: 0.5},
        ],
        LCBanks: [
            {LCBanks.bank: "HSBC", LCBanks.bic: "HSBCHKHH"},
            {LCBanks.bank: "Deutsche Bank", LCBanks.bic: "DEUTDEFF"},
            {LCBanks.bank: "Banco Santander", LCBanks.bic: "BSCHESMM"},
            {LCBanks.bank: "BNP Paribas", LCBanks.bic: "BNPAFRPP"},
            {LCBanks.bank: "Bank of China", LCBanks.bic: "BKCHCNBJ"},
            {LCBanks.bank: "Citibank", LCBanks.bic: "CITIUS33"},
        ],
        CostDrivers: [
            {
                CostDrivers.driver: "steel",
                CostDrivers.value: 1.00,
                CostDrivers.unit: "index",
                CostDrivers.as_of: dt.date(2026, 10, 1),
                CostDrivers.source: "SHFE rebar",
            },
            {
                CostDrivers.driver: "aluminium",
                CostDrivers.value: 1.00,
                CostDrivers.unit: "index",
                CostDrivers.as_of: dt.date(2026, 10, 1),
                CostDrivers.source: "LME",
            },
            {
                CostDrivers.driver: "cotton",
                CostDrivers.value: 1.00,
                CostDrivers.unit: "index",
                CostDrivers.as_of: dt.date(2026, 10, 1),
                CostDrivers.source: "ZCE",
            },
            {
                CostDrivers.driver: "plastics",
                CostDrivers.value: 1.00,
                CostDrivers.unit: "index",
                CostDrivers.as_of: dt.date(2026, 10, 1),
                CostDrivers.source: "DCE PP",
            },
            {
                CostDrivers.driver: "freight per 40ft",
                CostDrivers.value: 2400,
                CostDrivers.unit: "per FEU",
                CostDrivers.currency: "USD",
                CostDrivers.as_of: dt.date(2026, 10, 1),
                CostDrivers.source: "SCFI",
            },
            {
                CostDrivers.driver: "cbm per 40ft",
                CostDrivers.value: 67,
                CostDrivers.unit: "CBM",
                CostDrivers.as_of: dt.date(2026, 10, 1),
                CostDrivers.source: "usable volume",
            },
            {
                CostDrivers.driver: "air freight per kg",
                CostDrivers.value: 4.2,
                CostDrivers.unit: "per kg",
                CostDrivers.currency: "USD",
                CostDrivers.as_of: dt.date(2026, 10, 1),
                CostDrivers.source: "TAC index",
            },
            {
                CostDrivers.driver: "inland per cbm",
                CostDrivers.value: 85,
                CostDrivers.unit: "per CBM",
                CostDrivers.currency: "CNY",
                CostDrivers.as_of: dt.date(2026, 10, 1),
                CostDrivers.source: "trucking quote",
            },
        ],
        Capacity: [
            {Capacity.category: c, Capacity.monthly_capacity: q, Capacity.unit: "PCS"}
            for c, q in (
                ("hardware", 400000),
                ("kitchenware", 150000),
                ("textiles", 200000),
                ("electronics", 60000),
                ("furniture", 8000),
                ("lighting", 50000),
                ("tools", 90000),
                ("packaging", 500000),
            )
        ],
        ScoreWeights: [
            {
                ScoreWeights.criterion: "on time",
                ScoreWeights.weight: 40,
                ScoreWeights.formula: "otif",
            },
            {
                ScoreWeights.criterion: "quality",
                ScoreWeights.weight: 30,
                ScoreWeights.formula: "acceptance",
            },
            {
                ScoreWeights.criterion: "price",
                ScoreWeights.weight: 20,
                ScoreWeights.formula: "median price",
            },
            {
                ScoreWeights.criterion: "responsiveness",
                ScoreWeights.weight: 10,
                ScoreWeights.formula: "answer days",
            },
        ],
        Standings: [
            {Standings.standing: "Excellent", Standings.min_score: 80, Standings.action: "none"},
            {Standings.standing: "Average", Standings.min_score: 50, Standings.action: "none"},
            {Standings.standing: "Poor", Standings.min_score: 30, Standings.action: "warn"},
            {Standings.standing: "Very Poor", Standings.min_score: 0, Standings.action: "block"},
        ],
        KpiBands: [
            {
                KpiBands.kpi: "OTIF %",
                KpiBands.direction: "higher",
                KpiBands.amber: 90,
                KpiBands.red: 80,
            },
            {
                KpiBands.kpi: "Cycle time days (median)",
                KpiBands.direction: "lower",
                KpiBands.amber: 45,
                KpiBands.red: 60,
            },
            {
                KpiBands.kpi: "Complaint rate %",
                KpiBands.direction: "lower",
                KpiBands.amber: 3,
                KpiBands.red: 6,
            },
            {
                KpiBands.kpi: "Supplier on-time %",
                KpiBands.direction: "higher",
                KpiBands.amber: 90,
                KpiBands.red: 80,
            },
            {
                KpiBands.kpi: "DSO days",
                KpiBands.direction: "lower",
                KpiBands.amber: 45,
                KpiBands.red: 60,
            },
            {
                KpiBands.kpi: "Quote win rate %",
                KpiBands.direction: "higher",
                KpiBands.amber: 30,
                KpiBands.red: 20,
            },
            {
                KpiBands.kpi: "Ship date at risk days",
                KpiBands.direction: "lower",
                KpiBands.amber: 1,
                KpiBands.red: 2,
            },
            # after-sales (issue 21)
            {
                KpiBands.kpi: "Complaints within SLA %",
                KpiBands.direction: "higher",
                KpiBands.amber: 90,
                KpiBands.red: 75,
            },
            {
                KpiBands.kpi: "Customer satisfaction %",
                KpiBands.direction: "higher",
                KpiBands.amber: 80,
                KpiBands.red: 60,
            },
        ],
        Accounts: [
            {
                Accounts.purpose: "bank",
                Accounts.account: "1020",
                Accounts.name: "Bank – USD account",
            },
            {
                Accounts.purpose: "receivables",
                Accounts.account: "1200",
                Accounts.name: "Trade receivables",
            },
            {
                Accounts.purpose: "customer deposits",
                Accounts.account: "2150",
                Accounts.name: "Customer advances",
            },
            {
                Accounts.purpose: "bank charges",
                Accounts.account: "6810",
                Accounts.name: "Bank charges",
            },
            {
                Accounts.purpose: "fx gain",
                Accounts.account: "7910",
                Accounts.name: "Exchange gains",
            },
            {
                Accounts.purpose: "fx loss",
                Accounts.account: "6910",
                Accounts.name: "Exchange losses",
            },
            {
                Accounts.purpose: "suspense",
                Accounts.account: "1999",
                Accounts.name: "Unmatched receipts",
            },
        ],
        Carriers: [
            {
                Carriers.carrier: "MAEU",
                Carriers.api: "dcsa",
                Carriers.base_url: "https://api.maersk.com/track-and-trace",
                Carriers.key_variable: "ORDERDESK_MAEU_KEY",
                Carriers.calls_per_second: 5,
            },
            {
                Carriers.carrier: "MSCU",
                Carriers.api: "dcsa",
                Carriers.base_url: "https://api.msc.com/dcsa/tnt",
                Carriers.key_variable: "ORDERDESK_MSCU_KEY",
                Carriers.calls_per_second: 5,
            },
            {
                Carriers.carrier: "HLCU",
                Carriers.api: "dcsa",
                Carriers.base_url: "https://api.hlag.com/hlag/external/v2",
                Carriers.key_variable: "ORDERDESK_HLCU_KEY",
                Carriers.calls_per_second: 5,
            },
            {
                Carriers.carrier: "DHL",
                Carriers.api: "dhl",
                Carriers.base_url: "https://api-eu.dhl.com",
                Carriers.key_variable: "ORDERDESK_DHL_KEY",
                Carriers.calls_per_second: 1,
            },
        ],
        Clauses: [
            {
                Clauses.clause: c,
                Clauses.customer_type: ct,
                Clauses.product_type: pt,
                Clauses.parameter: p,
            }
            for c, ct, pt, p in (
                ("product", "any", "any", ""),
                ("quality standard", "any", "standard", "ISO 2859-1 AQL 2.5"),
                ("approved sample", "any", "custom", "signed pre-production sample"),
                ("payment", "any", "any", ""),
                ("latest shipment", "any", "any", ""),
                ("late delivery penalty", "any", "any", ""),
                ("packing and marks", "any", "any", ""),
                ("insurance", "any", "any", ""),
                ("inspection", "new", "any", "third-party pre-shipment inspection"),
                ("inspection", "repeat", "any", "seller's final inspection report"),
                ("tooling", "any", "custom", "moulds remain the buyer's property"),
                ("force majeure", "any", "any", ""),
                ("dispute resolution", "any", "any", ""),
                ("governing law", "any", "any", "the People's Republic of China"),
            )
        ],
        # after-sales (issue 21): business hours to acknowledge / propose a solution, per class
        ComplaintSla: [
            {
                ComplaintSla.complaint_class: klass,
                ComplaintSla.acknowledge_hours: 1,
                ComplaintSla.solution_hours: 24,
            }
            for klass in COMPLAINT_CLASSES
        ],
        **_logistics_rows(),
    }


# logistics (issue 22): standard containers, an example lane's rate card, its contingency routes


def _logistics_rows() -> dict[type[Table], list[Row]]:
    from orderdesk.domain.logistics.load import STANDARD_CONTAINERS

    lane = "CNNGB-NLRTM"
    return {
        Containers: [
            {
                Containers.container: c.code,
                Containers.length_cm: c.length_cm,
                Containers.width_cm: c.width_cm,
                Containers.height_cm: c.height_cm,
                Containers.door_w_cm: c.door_w_cm,
                Containers.door_h_cm: c.door_h_cm,
                Containers.payload_kg: c.payload_kg,
                Containers.max_fill: c.max_fill,
            }
            for c in STANDARD_CONTAINERS
        ],
        Lanes: [
            {
                Lanes.lane: lane,
                Lanes.mode: mode,
                Lanes.basis: basis,
                Lanes.carrier: carrier,
                Lanes.transit_days: days,
                Lanes.rate: rate,
                Lanes.currency: "USD",
                Lanes.min_charge: minimum,
            }
            for mode, basis, carrier, days, rate, minimum in (
                ("fcl", "20GP", "MAEU", 32, 1850.0, None),
                ("fcl", "40GP", "MAEU", 32, 2900.0, None),
                ("fcl", "40HC", "MAEU", 32, 3000.0, None),
                ("lcl", "wm", "MSCU", 38, 95.0, 190.0),
                ("air", "kg", None, 6, 4.8, 120.0),
                ("express", "kg", "DHL", 4, 9.5, 60.0),
                ("rail", "40HC", None, 20, 5200.0, None),
            )
        ],
        Contingencies: [
            {
                Contingencies.lane: lane,
                Contingencies.route: route,
                Contingencies.kind: kind,
                Contingencies.extra_cost: cost,
                Contingencies.currency: "USD",
                Contingencies.days_saved: days,
            }
            for route, kind, cost, days in (
                ("load at CNSHA instead", "other POL", 450.0, 4),
                ("next MSC sailing", "other carrier", 300.0, 3),
                ("sea-air via Dubai", "sea-air", 2600.0, 12),
                ("air from destination hub", "air", 5800.0, 20),
            )
        ],
        # execution (issue 20): milestone templates, roles → people, exception handling
        **execution_rows(),
    }


# Milestone, after, offset days, R, A, C, I: the standard plan. The other order types change it
# (`_TYPE_CHANGES`); "tooling" is added to any order with a product that needs new tooling.
_STANDARD: tuple[tuple[str, str, int, str, str, str, str], ...] = (
    ("deposit received", "order date", 7, "finance", "sales", "", "sales"),
    ("materials ordered", "deposit received", 3, "purchasing", "production", "sales", ""),
    ("production start", "materials ordered", 10, "production", "production", "qc", "sales"),
    ("pre-shipment inspection", "production start", 20, "qc", "qc", "production", "sales"),
    ("booking", "production start", 14, "logistics", "logistics", "", "sales"),
    ("cargo ready", "pre-shipment inspection", 3, "production", "production", "", "logistics"),
    ("on board", "cargo ready", 4, "logistics", "logistics", "", "sales"),
    ("documents sent", "on board", 3, "documents", "logistics", "finance", "sales"),
    ("balance received", "documents sent", 7, "finance", "finance", "", "sales"),
)
_TYPE_CHANGES: dict[str, dict[str, tuple[str, str, int, str, str, str, str] | None]] = {
    "standard": {},
    "custom": {
        "production start": ("production start", "materials ordered", 17, *_STANDARD[2][3:]),
    },
    "urgent": {
        "deposit received": ("deposit received", "order date", 2, *_STANDARD[0][3:]),
        "materials ordered": ("materials ordered", "deposit received", 1, *_STANDARD[1][3:]),
        "production start": ("production start", "materials ordered", 4, *_STANDARD[2][3:]),
        "pre-shipment inspection": (
            "pre-shipment inspection",
            "production start",
            10,
            *_STANDARD[3][3:],
        ),
        "booking": ("booking", "production start", 5, *_STANDARD[4][3:]),
    },
    "lc": {
        "deposit received": ("L/C received", "order date", 15, "finance", "sales", "", "sales"),
        "materials ordered": ("materials ordered", "L/C received", 3, *_STANDARD[1][3:]),
        "balance received": ("L/C paid", "documents sent", 10, "finance", "finance", "", "sales"),
    },
}
_TOOLING = ("tooling approved", "materials ordered", 21, "production", "sales", "qc", "")
_ROLES = (
    ("sales", "lwei", "Sales"),
    ("finance", "zhangmin", "Finance"),
    ("purchasing", "chenjie", "Purchasing"),
    ("production", "wangfang", "Production"),
    ("qc", "liuyang", "Quality"),
    ("logistics", "mgarcia", "Logistics"),
    ("documents", "mgarcia", "Logistics"),
    ("manager", "zhouqiang", "Management"),
)
_CLASSES = ("quality", "delivery", "payment", "logistics", "documents", "customs")
_HANDLING = {
    "quality": "hold shipment; photos and defect count from QC; rework or replace; re-inspect",
    "delivery": "confirm new ready date with production; check capacity; offer partial shipment",
    "payment": "check bank entries; remind customer with invoice copy; hold documents",
    "logistics": "ask forwarder for next sailing; compare alternative ports; consider air",
    "documents": "list discrepancies; correct and reissue; confirm with bank or customer",
    "customs": "collect missing certificates; contact broker; confirm HS code and value",
}
# severity → escalate to, escalate within hours, inform the customer within hours, update every
_SEVERITY = (
    ("low", "sales", 72, 0, 0),
    ("medium", "sales", 24, 48, 72),
    ("high", "manager", 8, 24, 48),
    ("critical", "manager", 2, 4, 24),
)


def execution_rows() -> dict[type[Table], list[Row]]:
    """The execution area's default Settings tables (issue 20)."""
    templates: list[Row] = []
    for kind, changes in _TYPE_CHANGES.items():
        for step in _STANDARD:
            row = changes.get(step[0], step)
            if row is not None:
                templates.append(_template(kind, row))
    templates.append(_template("tooling", _TOOLING))
    return {
        MilestoneTemplates: templates,
        RaciRoles: [
            {RaciRoles.role: r, RaciRoles.person: p, RaciRoles.department: d} for r, p, d in _ROLES
        ],
        ExceptionRules: [
            {
                ExceptionRules.exception_class: c,
                ExceptionRules.severity: sev,
                ExceptionRules.handling: _HANDLING[c],
                ExceptionRules.escalate_to: to,
                ExceptionRules.escalate_hours: esc,
                ExceptionRules.inform_hours: inform or None,
                ExceptionRules.update_hours: every or None,
            }
            for c in _CLASSES
            for sev, to, esc, inform, every in _SEVERITY
        ],
    }


def _template(kind: str, row: tuple[str, str, int, str, str, str, str]) -> Row:
    name, after, days, r, a, c, i = row
    return {
        MilestoneTemplates.order_type: kind,
        MilestoneTemplates.milestone: name,
        MilestoneTemplates.after: after,
        MilestoneTemplates.offset_days: days,
        MilestoneTemplates.responsible: r,
        MilestoneTemplates.accountable: a,
        MilestoneTemplates.consulted: c,
        MilestoneTemplates.informed: i,
    }
