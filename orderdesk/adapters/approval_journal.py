"""The approval journal: the Seq and hash of every ApprovalLog row, kept outside the workbook.

A hash chain shows any edited, inserted or reordered row, and a deleted row in the middle; but
deleting the newest rows leaves a shorter chain that is intact as far as it goes, and a tail
rewritten with recomputed hashes is a perfect chain. So the log's rows are recorded, append-only,
in a small JSON file beside the workbook (`.<workbook name>.orderdesk-journal.json`); where that
folder is not writable, in the user's profile (keyed by the workbook's full path). The journal is
made with the register (`new-register`), grows with every approval, and is never rewritten to
cover a gap: a write that does not keep every recorded row is refused (`JournalConflict`); only
`verify-log --accept` starts it again, keeping the old record under "superseded". The same record
is kept inside the workbook too (its bookkeeping sheet), so a copy of the workbook without its
journal still shows a deleted newest row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from orderdesk.adapters.workbook_safety import write_file
from orderdesk.domain.quotes.chain import ChainHead
from orderdesk.ports import RegisterError

FORMAT = "orderdesk-approval-journal/2"
SUFFIX = ".orderdesk-journal.json"
META_KEY = "approval_log"  # the record's key in the workbook's bookkeeping sheet


class JournalConflict(RegisterError):
    """A journal write would drop or change a row the journal already records."""


def profile_dir() -> Path:
    """Where journals go when the workbook's folder is not writable."""
    override = os.environ.get("ORDERDESK_JOURNAL_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "OrderDesk" / "journals"
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "orderdesk" / "journals"


class ApprovalJournal:
    def __init__(self, workbook: str | os.PathLike[str]) -> None:
        self.workbook = str(workbook)
        path = Path(self.workbook)
        # The file's name, whichever separator its path uses (Excel gives Windows paths or URLs).
        self.name = re.split(r"[\\/]", self.workbook.rstrip("\\/"))[-1] or "workbook"
        # Beside the workbook when it is a file in a folder here; a workbook Excel opened from
        # SharePoint/OneDrive (a URL) or a name alone keeps its journal in the profile.
        local = path.is_absolute() and path.parent.is_dir()
        self.beside = path.with_name(f".{path.name}{SUFFIX}") if local else None
        key = hashlib.sha256(self.workbook.encode("utf-8")).hexdigest()[:16]
        self.in_profile = profile_dir() / f"{key}-{self.name}.json"

    def read(self) -> tuple[ChainHead | None, Path | None, str | None]:
        """The journal's head (the longest, if both places hold one), where it was found, and a
        problem reading it (a damaged journal is reported, not ignored)."""
        best: tuple[ChainHead | None, Path | None] = (None, None)
        problem = None
        for path in (self.beside, self.in_profile):
            if path is None or not path.exists():
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                head = ChainHead.from_dict(data["approval_log"])
            except (OSError, ValueError, KeyError, TypeError) as exc:
                problem = f"the journal {path} cannot be read ({exc})"
                continue
            if best[0] is None or head.rows > best[0].rows:
                best = (head, path)
        return best[0], best[1], problem

    def write(self, head: ChainHead, *, replace: bool = False, at: str | None = None) -> Path:
        """Record the chain; beside the workbook, else in the user's profile. Refused when the
        journal there records a row `head` does not keep (unless `replace`, which keeps the old
        record under "superseded"). `at` pins the stamp (the committed sample's journal)."""
        stamp = at or dt.datetime.now().replace(microsecond=0).isoformat()
        for target in (self.beside, self.in_profile):
            if target is None:
                continue
            try:
                return self._write_at(target, head, stamp, replace)
            except OSError:
                if target == self.in_profile:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _write_at(self, path: Path, head: ChainHead, stamp: str, replace: bool) -> Path:
        old: dict[str, Any] = {}
        if path.exists():
            try:
                old = json.loads(path.read_text(encoding="utf-8"))
                earlier = ChainHead.from_dict(old["approval_log"])
            except (ValueError, KeyError, TypeError) as exc:
                raise JournalConflict(
                    f"the journal {path} cannot be read ({exc}); it is left as it is"
                ) from exc
            if not replace and not head.extends(earlier):
                raise JournalConflict(
                    f"the journal {path} records Seq {earlier.seq} with hash "
                    f"{earlier.hash[:12]}…, which the approval log no longer holds as recorded; "
                    "it is not rewritten. Run Verify approval log."
                )
        superseded = list(old.get("superseded") or [])
        if replace and old.get("approval_log"):
            superseded.append({**old["approval_log"], "replaced": stamp})
        body: dict[str, Any] = {
            "format": FORMAT,
            "workbook": self.name,
            "approval_log": {**head.as_dict(), "at": stamp},
        }
        if superseded:
            body["superseded"] = superseded
        write_file(path, json.dumps(body, ensure_ascii=False, indent=1))
        return path
