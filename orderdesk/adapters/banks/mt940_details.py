"""The MT940 `:86:` field (information to the account owner) in the layouts banks write it in:
who paid, from which account, and what for.

- **Subfields after a transaction code** (`166?00GUTSCHRIFT?20EREF+…?21SVWZ+…?31IBAN?32NAME`):
  the German banks' layout (DFÜ-Abkommen, SEPA keywords EREF+ / SVWZ+ / ABWA+ … in the purpose
  lines ?20–?29 and ?60–?63, name in ?32–?33, account in ?31). Polish banks write the same idea
  with another separator (`~`, `^`, `<`, some `+` or `|`: `020~00PRZELEW~20FAKTURA…~32NAZWA…
  ~38PL…`), with the title in 20–25, the name in 32–33 (or 27–28), the IBAN in 38 (or 31);
  their 60–63 hold the payer's address, not the remittance.
- **SWIFT-style codes** (`/ORDP/…/REMI/…/EREF/…`): ABN AMRO (`/TRTP/…/NAME/…/REMI/…`), ING
  (`/CNTP/iban/bic/name/place/`), Rabobank (`/ORDP//NAME/…/ADDR/…`), HSBC and most others.
- **Free text**: kept whole (lines joined by a space) as the remittance.

The subfield layouts' lines have a fixed width (27 characters in the German one): a line that
fills it was cut mid-word and the next follows directly (`?21SVWZ+INV-2026-0001 PO 45000` +
`?2212345` is `… PO 4500012345`); a shorter one ended at a word, and a space follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orderdesk.domain.payments.entries import meaningful


@dataclass(frozen=True)
class Details:
    payer: str | None = None  # the counterparty's name
    payer_account: str | None = None  # its IBAN or account number
    remittance: str | None = None
    end_to_end_id: str | None = None


GERMAN_WIDTH = 27  # a ?2x purpose line, ?32 / ?33 name line
POLISH_WIDTH = 35  # a ~2x title line, ~32 / ~33 name line
# Subfields: an optional three-digit transaction code, then a separator and two digits.
_SUBFIELDS = re.compile(r"^\s*(?P<gvc>\d{3})?\s*(?P<sep>[?~^<+|])(?=\d{2})")
# SEPA keywords inside the purpose lines (German banks' convention).
_KEYWORDS = (
    "EREF",
    "KREF",
    "MREF",
    "CRED",
    "DEBT",
    "SVWZ",
    "ABWA",
    "ABWE",
    "IBAN",
    "BIC",
    "PURP",
    "MDAT",
    "SQTP",
    "ORCR",
    "ORMR",
    "DDAT",
    "COAM",
    "OAMT",
)
_KEYWORD = re.compile(r"(" + "|".join(_KEYWORDS) + r") ?\+")
_CODES = (
    "ORDP",
    "BENM",
    "NAME",
    "REMI",
    "EREF",
    "IREF",
    "MREF",
    "IBAN",
    "BIC",
    "CNTP",
    "TRTP",
    "CSID",
    "MARF",
    "PURP",
    "ULTC",
    "ULTD",
    "ULTB",
    "RTRN",
    "ACCW",
    "SVCL",
    "ADDR",
    "ISDT",
    "BUSP",
    "CPRP",
    "OCMT",
    "CHGS",
    "EXCH",
)
_CODED = re.compile(r"/(" + "|".join(_CODES) + r")/")
_IBAN_FIRST = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b")


def read_details(text: str) -> Details:
    """Payer, account, remittance and end-to-end id from one `:86:` value (its lines as sent)."""
    lines = text.splitlines()
    joined = "".join(lines)
    m = _SUBFIELDS.match(joined)
    if m and (m["gvc"] or m["sep"] in "?~^<"):
        fields = _subfields(joined[m.end() - 1 :], m["sep"])
        if len(fields) >= 2 or any(code in fields for code in ("20", "32", "00")):
            return _german(fields) if m["sep"] == "?" else _polish(fields)
    flat = " ".join(text.split())
    if _CODED.search(joined):
        return _coded(joined, flat)
    return Details(remittance=meaningful(flat))


def _subfields(body: str, sep: str) -> dict[str, str]:
    """`?20ABC?21DEF?32NAME` → {'20': 'ABC', '21': 'DEF', '32': 'NAME'} (a repeated code's
    parts joined)."""
    parts = re.split(re.escape(sep) + r"(\d{2})", body)
    out: dict[str, str] = {}
    for code, value in zip(parts[1::2], parts[2::2], strict=True):
        out[code] = out.get(code, "") + value
    return out


def _join(fields: dict[str, str], codes: tuple[int, ...], width: int) -> str:
    """The subfields' text in order. A part as long as the field was cut by the bank's line
    width, mid-word: the next follows directly; a shorter one ended at a word: a space."""
    out = previous = ""
    for code in codes:
        part = fields.get(f"{code:02d}")
        if part is None:
            continue
        out += part if not out or len(previous) >= width else " " + part
        previous = part
    return out


def _tidy(text: str | None) -> str | None:
    return meaningful(" ".join((text or "").split()))


def _keywords(purpose: str) -> tuple[str, dict[str, str]]:
    """The text before the first SEPA keyword, and each keyword's value."""
    parts = _KEYWORD.split(purpose)
    found: dict[str, str] = {}
    for key, value in zip(parts[1::2], parts[2::2], strict=True):
        found[key] = (found.get(key, "") + " " + value).strip() if key in found else value
    return parts[0], found


def _german(fields: dict[str, str]) -> Details:
    purpose = _join(fields, (*range(20, 30), *range(60, 64)), GERMAN_WIDTH)
    leading, words = _keywords(purpose)
    remittance = (words.get("SVWZ") or leading) if words else purpose
    name = _join(fields, (32, 33), GERMAN_WIDTH) or words.get("ABWA", "")
    account = fields.get("31") or words.get("IBAN", "")
    return Details(
        payer=_tidy(name),
        payer_account=_tidy(account),
        remittance=_tidy(remittance) or _tidy(fields.get("00")),
        end_to_end_id=_tidy(words.get("EREF")),
    )


def _polish(fields: dict[str, str]) -> Details:
    purpose = _join(fields, tuple(range(20, 27)), POLISH_WIDTH)
    leading, words = _keywords(purpose)
    remittance = (words.get("SVWZ") or leading) if words else purpose
    name = _join(fields, (32, 33), POLISH_WIDTH) or _join(fields, (27, 28), POLISH_WIDTH)
    account = fields.get("38") or fields.get("31") or words.get("IBAN", "")
    return Details(
        payer=_tidy(name),
        payer_account=_tidy(account),
        remittance=_tidy(remittance) or _tidy(fields.get("00")),
        end_to_end_id=_tidy(words.get("EREF")),
    )


def coded_details(text: str) -> dict[str, str]:
    """`/ORDP/ACME/REMI/INV 1/EREF/E2E` → {ORDP: ACME, REMI: INV 1, EREF: E2E}."""
    flat = "".join(text.splitlines())
    parts = _CODED.split(flat)
    out: dict[str, str] = {}
    for code, value in zip(parts[1::2], parts[2::2], strict=True):
        value = value.strip().strip("/").strip()
        out[code] = f"{out[code]} {value}" if code in out else value
    return out


def _coded(joined: str, flat: str) -> Details:
    codes = coded_details(joined)
    cntp = codes.get("CNTP", "").split("/")
    name = (
        codes.get("NAME")
        or (cntp[2] if len(cntp) > 2 else "")
        or codes.get("ORDP")  # who paid us
        or codes.get("BENM")  # whom we paid
    )
    account = codes.get("IBAN") or cntp[0]
    ordp = codes.get("ORDP", "")
    if ordp and not codes.get("NAME") and _IBAN_FIRST.match(ordp):
        account, _, name = ordp.partition(" ")  # /ORDP/IBAN NAME
    remi = re.sub(r"^(USTD|STRD/CUR|STRD/ISO)/+", "", codes.get("REMI", ""))
    return Details(
        payer=_tidy(name),
        payer_account=_tidy(account),
        remittance=_tidy(remi) or meaningful(flat),
        end_to_end_id=_tidy(codes.get("EREF")),
    )
