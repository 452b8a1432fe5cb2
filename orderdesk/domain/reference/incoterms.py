"""Incoterms 2020: the eleven rules, which transport they fit, and who pays and bears what.

There is no maintained package for Incoterms; the table below is the ICC 2020 rule set as a
trade desk uses it (seller's and buyer's share of costs and the point where risk passes).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TransportMode(StrEnum):
    SEA = "sea"
    INLAND_WATERWAY = "inland waterway"
    AIR = "air"
    ROAD = "road"
    RAIL = "rail"
    MULTIMODAL = "multimodal"

    @property
    def is_waterborne(self) -> bool:
        return self in (TransportMode.SEA, TransportMode.INLAND_WATERWAY)


@dataclass(frozen=True)
class Incoterm:
    code: str
    name: str
    sea_only: bool
    # Who pays each leg: True = seller.
    seller_export_clearance: bool
    seller_main_carriage: bool
    seller_insurance: bool
    seller_import_clearance: bool
    seller_unloads_at_destination: bool
    needs_destination: bool  # C- and D-terms name a place of destination
    risk_passes: str

    @property
    def group(self) -> str:
        return self.code[0]

    def fits(self, mode: TransportMode | None) -> bool:
        """Sea-only rules (FAS, FOB, CFR, CIF) fit only sea and inland waterway transport."""
        return not self.sea_only or mode is None or mode.is_waterborne

    def split(self) -> dict[str, str]:
        """Who pays and bears what, in the order a shipment runs."""

        def who(seller: bool) -> str:
            return "seller" if seller else "buyer"

        return {
            "export clearance": who(self.seller_export_clearance),
            "main carriage": who(self.seller_main_carriage),
            "insurance": who(self.seller_insurance)
            if self.seller_insurance
            else "buyer (own choice)",
            "import clearance": who(self.seller_import_clearance),
            "unloading at destination": who(self.seller_unloads_at_destination),
            "risk passes": self.risk_passes,
        }


def _rule(
    code: str,
    name: str,
    *,
    sea_only: bool = False,
    export: bool = True,
    carriage: bool = False,
    insurance: bool = False,
    import_: bool = False,
    unload: bool = False,
    destination: bool = False,
    risk: str,
) -> Incoterm:
    return Incoterm(
        code, name, sea_only, export, carriage, insurance, import_, unload, destination, risk
    )


INCOTERMS: dict[str, Incoterm] = {
    t.code: t
    for t in (
        _rule(
            "EXW", "Ex Works", export=False, risk="at the seller's premises, goods made available"
        ),
        _rule("FCA", "Free Carrier", risk="on delivery to the buyer's carrier at the named place"),
        _rule(
            "CPT",
            "Carriage Paid To",
            carriage=True,
            destination=True,
            risk="on handing over to the first carrier",
        ),
        _rule(
            "CIP",
            "Carriage and Insurance Paid To",
            carriage=True,
            insurance=True,
            destination=True,
            risk="on handing over to the first carrier",
        ),
        _rule(
            "DAP",
            "Delivered at Place",
            carriage=True,
            destination=True,
            risk="at the named destination, ready for unloading",
        ),
        _rule(
            "DPU",
            "Delivered at Place Unloaded",
            carriage=True,
            unload=True,
            destination=True,
            risk="at the named destination, unloaded",
        ),
        _rule(
            "DDP",
            "Delivered Duty Paid",
            carriage=True,
            import_=True,
            destination=True,
            risk="at the named destination, cleared for import",
        ),
        _rule(
            "FAS",
            "Free Alongside Ship",
            sea_only=True,
            risk="alongside the vessel at the port of loading",
        ),
        _rule(
            "FOB", "Free On Board", sea_only=True, risk="on board the vessel at the port of loading"
        ),
        _rule(
            "CFR",
            "Cost and Freight",
            sea_only=True,
            carriage=True,
            destination=True,
            risk="on board the vessel at the port of loading",
        ),
        _rule(
            "CIF",
            "Cost, Insurance and Freight",
            sea_only=True,
            carriage=True,
            insurance=True,
            destination=True,
            risk="on board the vessel at the port of loading",
        ),
    )
}


def incoterm(code: str | None) -> Incoterm | None:
    """The rule for a code as staff type it ("fob", " CIF ", "CIF Shanghai" → CIF), or None."""
    if not code:
        return None
    head = str(code).strip().upper().split()
    return INCOTERMS.get(head[0]) if head else None


def transport_mode(text: str | None) -> TransportMode | None:
    if not text:
        return None
    try:
        return TransportMode(str(text).strip().lower())
    except ValueError:
        return None


def incoterm_ok(code: str | None, mode: TransportMode | None = None) -> bool:
    """An Incoterms 2020 rule that fits the transport (FAS/FOB/CFR/CIF only by water)."""
    rule = incoterm(code)
    return rule is not None and rule.fits(mode)
