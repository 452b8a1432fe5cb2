"""Special requirements of an order (issue 20): certifications and packaging it asks for, and
whether Validate left errors on it.

The register has no certification or packaging column: the requirements are read from the text
it does hold — each line's Spec ("size, material, colour, standard") and the order's Notes. A
certification is a known mark or standard as a whole word (CE, UL, RoHS, EN 71, ISO 9001...; the
acronyms case-sensitive, so "piece" is not CE); packaging is a known packaging phrase (gift box,
private label, blister...). The order's Check cell (written by Validate) with errors is one too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_MARKS = "CE|UKCA|UL|ETL|FCC|FDA|LFGB|RoHS|REACH|CPSIA|FSC|GOTS|BSCI|GS|CCC|KC|PSE|SASO"
CERTIFICATION = re.compile(rf"\b(?:{_MARKS}|EN\s?\d{{2,5}}(?:-\d+)?|ISO\s?\d{{4,5}})\b")
PACKAGING = re.compile(
    r"\b(?:gift box|colou?r box|retail (?:box|packaging)|display box|blister|clamshell|"
    r"private label|custom packaging|printed cartons?|custom cartons?|polybag|shrink[- ]wrap|"
    r"palleti[sz]ed|pallets?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Requirement:
    kind: str  # certification, packaging, check
    asked: tuple[str, ...]  # the marks or phrases, as written
    where: tuple[str, ...]  # where they were read: a SKU's spec, the order notes, Check


def special_requirements(
    specs: Iterable[tuple[str, str | None]], notes: str | None, check: str | None
) -> list[Requirement]:
    """specs: (SKU, spec text) per line. The certifications, the packaging and the Validate
    errors the order asks to be dealt with before it is accepted."""
    texts = [(f"{sku} spec", spec) for sku, spec in specs if spec]
    if notes:
        texts.append(("order notes", notes))
    out = [
        req
        for kind, pattern in (("certification", CERTIFICATION), ("packaging", PACKAGING))
        if (req := _found(kind, pattern, texts)) is not None
    ]
    if check and "error" in check.casefold():
        out.append(Requirement("check", (check.strip(),), ("Check",)))
    return out


def _found(kind: str, pattern: re.Pattern[str], texts: list[tuple[str, str]]) -> Requirement | None:
    asked: dict[str, None] = {}
    where: dict[str, None] = {}
    for place, text in texts:
        for match in pattern.finditer(text):
            asked.setdefault(re.sub(r"\s+", " ", match.group(0)), None)
            where.setdefault(place, None)
    if not asked:
        return None
    return Requirement(kind, tuple(asked), tuple(where))
