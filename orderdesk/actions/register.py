"""Register-level actions: a new register (empty or with sample data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from orderdesk.actions.base import Outcome
from orderdesk.adapters import register_file, xlsx
from orderdesk.adapters import workbook_safety as safety
from orderdesk.adapters.approval_journal import ApprovalJournal
from orderdesk.defaults import policy_rows
from orderdesk.ports import RegisterError


def register_tables(sample_orders: int = 0, seed: int = 1) -> tuple[dict[Any, Any], Any]:
    """The tables of a new register: policy defaults, plus sample trade data if asked."""
    data: dict[Any, Any] = dict(policy_rows())
    sample = None
    if sample_orders:
        from orderdesk.sample import generate

        sample = generate(sample_orders, seed=seed)
        data.update(sample.tables)
    return data, sample


def new_register(
    path: Path, *, sample_orders: int = 0, seed: int = 1, force: bool = False
) -> Outcome:
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise RegisterError(f"{path}: a register is an .xlsx workbook")
    if path.exists() and not force:
        raise RegisterError(f"{path} exists; pass --force to replace it (a backup is kept)")
    if path.exists() and safety.lock_file(path):
        raise RegisterError(f"{path.name} is open in Excel; close it first")
    path.parent.mkdir(parents=True, exist_ok=True)
    data, sample = register_tables(sample_orders, seed)
    replacing = path.exists()
    # Streamed: a register of years of orders is written in seconds, not minutes.
    safety.atomic_write(path, lambda tmp: register_file.write_register(tmp, data))
    # The approval journal starts with the register (a replaced register's old record is kept
    # in it, superseded): a newest row deleted later shows against it.
    journal = ApprovalJournal(path.resolve())
    try:
        where = f"approval journal: {journal.write(xlsx.approval_record(data), replace=replacing)}"
    except OSError as exc:
        where = f"approval journal not written ({exc}); the workbook keeps its own record"
    if sample is None:
        return Outcome(
            f"wrote an empty register to {path}", details=[where], data={"path": str(path)}
        )
    extras = sample.write_files(path.parent) if hasattr(sample, "write_files") else []
    counts = {t.sheet: len(rows) for t, rows in sample.tables.items()}
    lines = [f"{sheet}: {n} rows" for sheet, n in counts.items()]
    lines += [f"wrote {p}" for p in extras]
    lines.append(where)
    return Outcome(
        f"wrote a sample register ({sample_orders} orders, seed {seed}) to {path}",
        details=lines,
        data={"path": str(path), "rows": counts, "planted": [p.as_dict() for p in sample.planted]},
    )
