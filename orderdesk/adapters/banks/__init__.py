"""Bank statements and the bank API: camt.052/053/054 (ISO 20022 XML), SWIFT MT940 and the
Berlin Group NextGenPSD2 account-information API. Each gives `BankEntry`s; nothing here writes."""

from __future__ import annotations

from pathlib import Path

from orderdesk.adapters.banks.statement import Statement, StatementError

__all__ = ["Statement", "StatementError", "read_statement", "sniff"]

MAX_BYTES = 50 * 1024 * 1024  # a month of a busy account is a few MB


def sniff(data: bytes) -> str:
    """'camt' or 'mt940' from the content (never from the file name, which banks vary)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n\x01")
    if head.startswith(b"<"):
        return "camt"
    if b":20:" in head or head.startswith(b"{1:") or b":25:" in head:
        return "mt940"
    return ""


def _opening(data: bytes) -> str:
    """How a file starts, as a person would read it (no byte reprs in a message)."""
    text = data[:200].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    shown = " ".join("".join(c if c.isprintable() else " " for c in text).split())[:30]
    return f"'{shown}…'" if shown else "nothing readable"


def read_statement(path: Path) -> Statement:
    """Read a camt or MT940 file; StatementError (naming the file and where) if it is broken."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise StatementError(
                f"{name}: {size / 1e6:.0f} MB is too large for a statement. Nothing was imported.",
                file=name,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise StatementError(
            f"{name}: cannot be read ({exc.strerror or exc}). Nothing was imported.", file=name
        ) from exc
    return read_statement_bytes(data, name)


def read_statement_bytes(data: bytes, name: str) -> Statement:
    kind = sniff(data)
    if kind == "camt":
        from orderdesk.adapters.banks.camt import read_camt

        return read_camt(data, name)
    if kind == "mt940":
        from orderdesk.adapters.banks.mt940_file import read_mt940

        return read_mt940(data, name)
    raise StatementError(
        f"{name}: neither a camt XML statement nor an MT940 file (it starts with "
        f"{_opening(data)}). Nothing was imported.",
        file=name,
        line=1,
    )
