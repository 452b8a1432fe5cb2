"""The approval journal: the ApprovalLog's newest hash, kept outside the workbook.

A hash chain shows any edited, inserted or reordered row, and a deleted row in the middle; but
deleting the newest rows leaves a shorter chain that is intact as far as it goes. So every action
that appends to the log also writes the chain's head to a small JSON file beside the workbook
(`.<workbook name>.orderdesk-journal.json`); where that folder is not writable, to the user's
profile (keyed by the workbook's full path). verify-log compares the log with the journal.
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

FORMAT = "orderdesk-approval-journal/1"
SUFFIX = ".orderdesk-journal.json"


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

    def write(self, head: ChainHead) -> Path:
        """Record the chain head; beside the workbook, else in the user's profile."""
        stamp = dt.datetime.now().replace(microsecond=0).isoformat()
        body: dict[str, Any] = {
            "format": FORMAT,
            "workbook": self.name,
            "approval_log": {**head.as_dict(), "at": stamp},
        }
        text = json.dumps(body, ensure_ascii=False, indent=2)
        if self.beside is not None:
            try:
                write_file(self.beside, text)
                return self.beside
            except OSError:
                pass
        write_file(self.in_profile, text)
        return self.in_profile
