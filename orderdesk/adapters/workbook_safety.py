"""Saving a user's workbook without losing anything: locks, content at risk, atomic replace.

- A workbook open in Excel has an owner file `~$Name.xlsx` beside it (LibreOffice:
  `.~lock.Name.xlsx#`). Writing then would be overwritten by the user's next save, or would
  overwrite theirs: refuse.
- Two OrderDesk runs on one workbook take turns: each holds `WorkbookLock`, a sidecar lock file
  beside the workbook (`.Name.xlsx.orderdesk-lock`, created with O_CREAT|O_EXCL, which network
  shares honour where byte-range locks are often emulated or off), from its read to its rename.
  A run that finds it held waits a short, bounded time, then refuses and names the holder.
- Just before the rename the file's fingerprint and the Excel/LibreOffice lock files are checked
  again (compare-and-swap): a save by someone outside OrderDesk during the write is never
  overwritten; after the rename the file must be the one written, or the run says so.
- openpyxl re-writes what it models and drops or alters what it does not: drawings it cannot
  model (shapes, text boxes), chart styling, chartEx charts, slicers, form controls, embedded
  objects, Power Query connections, threaded comments, sparklines, Excel 2010+ extension
  elements (x14 conditional formats and data validations), sheet background pictures and custom
  sheet views. Charts, images and pivot tables come back only in openpyxl's own rendition. We
  look into the package before writing and name what is there, sheet by sheet, so the user
  decides.
- The new file is written beside the old one, flushed to disk, and moved over it in one rename;
  the previous version goes to a backups folder that keeps the last five. A backup is itself
  written beside and renamed into place, so a kill mid-copy never leaves a truncated file among
  the five; temporary files a killed run left behind are removed by the next save.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import posixpath
import re
import shutil
import threading
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from defusedxml import ElementTree as ET  # the package is the user's file: parse it safely

from orderdesk.errors import OrderDeskError
from orderdesk.ports import ChangedOnDisk, RegisterError, WorkbookLocked

BACKUPS_KEPT = 5
BACKUP_DIR = "OrderDesk backups"

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def lock_file(path: Path) -> Path | None:
    """The owner/lock file of an open workbook, if there is one."""
    candidates = [
        path.with_name("~$" + path.name),
        path.with_name("~$" + path.name[2:]) if len(path.name) > 2 else None,
        path.with_name(f".~lock.{path.name}#"),
    ]
    for c in candidates:
        if c is not None and c.exists():
            return c
    return None


# --- what a save through openpyxl would drop --------------------------------------------------


def _rels(zf: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type, target part) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    if rels_path not in zf.namelist():
        return []
    out = []
    for rel in ET.fromstring(zf.read(rels_path)).iter(f"{_NS_REL}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        full = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        out.append((rel.get("Type", "").rsplit("/", 1)[-1], full))
    return out


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name."""
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rel_targets: dict[str | None, str] = {}
    rels_xml = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    for rel in rels_xml.iter(f"{_NS_REL}Relationship"):
        target = rel.get("Target", "")
        full = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
        rel_targets[rel.get("Id")] = full
    out: dict[str, str] = {}
    for sheet in wb.iter(f"{_NS_MAIN}sheet"):
        part = rel_targets.get(sheet.get(f"{_NS_R}id"))
        if part:
            out[part] = sheet.get("name", "?")
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _chart_title(zf: zipfile.ZipFile, part: str) -> str:
    """The chart's own title text, whatever namespace prefixes the writer used."""
    root = ET.fromstring(zf.read(part))
    for chart in root.iter():
        if _local(chart.tag) != "chart":
            continue
        for child in chart:
            if _local(child.tag) == "title":
                words = [el.text or "" for el in child.iter() if _local(el.tag) == "t"]
                if "".join(words).strip():
                    return "".join(words).strip()
        break
    return posixpath.basename(part)


def content_at_risk(
    path: Path, owned_sheets: Iterable[str] = (), *, only: Iterable[str] | None = None
) -> list[str]:
    """What saving this workbook through openpyxl would drop or alter, named for the user.

    Charts on OrderDesk's own sheets are not listed: they are redrawn from their data. A pivot
    table is listed only where it lies on one of OrderDesk's own sheets (replaced whole):
    elsewhere it is kept, by openpyxl (which carries pivot parts) as by the part writer. With
    `only`, just what lies on those sheets (see `replaced_content_at_risk`).
    """
    owned = set(owned_sheets)
    limit = None if only is None else set(only)
    found: list[str] = []
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        for part, sheet in _sheet_parts(zf).items():
            if part not in names or (limit is not None and sheet not in limit):
                continue
            found += _sheet_risks(zf, names, part, sheet, sheet in owned)
        if limit is None:
            found += _book_risks(zf, names, path, found)
    return sorted(dict.fromkeys(found))


_REL_RISKS = {
    "oleObject": "embedded object",
    "package": "embedded object",
    "ctrlProp": "form control",
    "threadedComment": "threaded comments",
    "slicer": "slicer",
    "timeline": "timeline",
}


def _sheet_risks(
    zf: zipfile.ZipFile, names: set[str], part: str, sheet: str, owned: bool
) -> list[str]:
    found: list[str] = []
    for kind, target in _rels(zf, part):
        if kind == "drawing" and target in names:
            found += _drawing_risks(zf, target, sheet, owned)
        elif kind == "pivotTable" and owned:
            xml = zf.read(target) if target in names else b""
            m = re.search(rb'<pivotTableDefinition[^>]*\bname="([^"]*)"', xml)
            label = m.group(1).decode() if m else posixpath.basename(target)
            found.append(f"pivot table '{label}' on sheet '{sheet}'")
        elif kind == "threadedComment":
            found.append(
                f"threaded comments on sheet '{sheet}' (replies and authors; the note text stays)"
            )
        elif kind in _REL_RISKS:
            found.append(f"{_REL_RISKS[kind]} on sheet '{sheet}'")
    xml = zf.read(part)
    if b"sparklineGroup" in xml:
        found.append(f"sparklines on sheet '{sheet}'")
    if not owned:
        found.extend(f"{what} on sheet '{sheet}'" for what in _dropped_elements(xml))
    return found


def _drawing_risks(zf: zipfile.ZipFile, target: str, sheet: str, owned: bool) -> list[str]:
    found: list[str] = []
    drawing = zf.read(target)
    for dkind, dtarget in _rels(zf, target):
        if dkind == "chart" and not owned:
            found.append(f"chart '{_chart_title(zf, dtarget)}' on sheet '{sheet}'")
        elif dkind == "image" and not owned:
            found.append(f"image '{posixpath.basename(dtarget)}' on sheet '{sheet}'")
        elif dkind in ("chartEx",):
            found.append(f"chart ({dkind}) on sheet '{sheet}'")
    if not owned:
        shapes = re.findall(rb"<xdr:sp\b.*?<xdr:cNvPr[^>]*name=\"([^\"]*)\"", drawing, re.S)
        found.extend(f"shape '{n.decode()}' on sheet '{sheet}'" for n in shapes)
        if b"<mc:AlternateContent" in drawing and b"cx:" in drawing:
            found.append(f"chart (new chart type) on sheet '{sheet}'")
    return found


def _book_risks(zf: zipfile.ZipFile, names: set[str], path: Path, found: list[str]) -> list[str]:
    out: list[str] = []
    if b"customWorkbookViews" in zf.read("xl/workbook.xml"):
        out.append("custom views (View → Custom Views)")
    if "xl/vbaProject.bin" in names and path.suffix.lower() != ".xlsm":
        out.append("VBA macros (xl/vbaProject.bin)")
    if any(n.startswith(("xl/slicerCaches/", "xl/timelineCaches/")) for n in names) and not any(
        "slicer" in f or "timeline" in f for f in found
    ):
        out.append("slicers")
    if "xl/connections.xml" in names or any(n.startswith("xl/queryTables/") for n in names):
        out.append("data connections / Power Query queries")
    if any(n.startswith("customXml/") for n in names):
        out.append("custom XML parts (e.g. sensitivity labels)")
    return out


def replaced_content_at_risk(path: Path, sheets: Iterable[str]) -> list[str]:
    """What the part writer would drop: only what lies on the OrderDesk sheets it replaces
    whole (their tables and charts are OrderDesk's own; a pivot table, an embedded object or a
    form control put there would go with the sheet). Every other part of the package is
    copied as it is, so the user's charts, pivots, images, macros and queries elsewhere are
    never at risk."""
    sheets = set(sheets)
    if not sheets:
        return []
    return content_at_risk(path, sheets, only=sheets)


# Excel 2010+ extensions of a worksheet (`<extLst><ext uri=…>`), by the URI the spec gives them.
_EXTENSIONS = {
    "{78C0D931-6437-407d-A8EE-F0AAD7539E65}": "Excel 2010 conditional formats (icon sets, data bars)",
    "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}": "Excel 2010 data validations (lists from another sheet)",
    "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}": None,  # sparklines: named above
    "{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}": "slicers",
    "{7E03D99C-DC04-49d9-9315-930204A7B6E9}": "timelines",
    "{A8765BA9-456A-4dab-B4F3-ACF838C121DE}": "slicers",
}
_EXT_URI = re.compile(rb"<(?:\w+:)?ext\b[^>]*\buri=\"([^\"]+)\"")


def _dropped_elements(xml: bytes) -> list[str]:
    """What openpyxl leaves out when it writes this worksheet again: extension elements,
    a background picture, custom views."""
    found: list[str] = []
    if b"extLst" in xml:
        for uri in _EXT_URI.findall(xml):
            key = uri.decode("ascii", "replace")
            name = _EXTENSIONS.get(key, f"Excel extension content ({key})")
            if name is not None and name not in found:
                found.append(name)
    if re.search(rb"<(?:\w+:)?picture\b", xml):
        found.append("background picture")
    if re.search(rb"<(?:\w+:)?customSheetViews\b", xml):
        found.append("custom views")
    return found


# --- atomic replace with backups -----------------------------------------------------------


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # no directory handles on Windows; the rename is durable there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _backups(path: Path) -> list[Path]:
    folder = path.parent / BACKUP_DIR
    return sorted(folder.glob(f"{glob_escape(path.stem)} ????-??-?? ??????-*{path.suffix}"))


def backup(path: Path, keep: int | None = BACKUPS_KEPT) -> Path:
    """Copy the current file into the backups folder beside it; keep the newest `keep` (None:
    prune later, once the save it belongs to has happened).

    The copy is written under a name the backups are not counted by, flushed, then renamed into
    place: a run killed mid-copy leaves no truncated file among the backups."""
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    remove_stale_temps(folder / path.name, locked=False)
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H%M%S-%f")
    target = folder / f"{path.stem} {stamp}{path.suffix}"
    partial = temp_name(folder / path.name)
    try:
        shutil.copy2(path, partial)
        _fsync_file(partial)
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()
    if keep is not None:
        prune_backups(path, keep)
    return target


class CannotWrite(OrderDeskError):
    """A file cannot be written where asked (a folder of that name, no such folder, no right to
    write there, a full disk): the message names the path; nothing was written."""


def _cannot_write(path: Path, exc: OSError) -> CannotWrite:
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if path.is_dir():
        why = "it is a folder"
    elif blocking is not None:
        why = f"{blocking} is a file, not a folder"
    else:
        why = (exc.strerror or type(exc).__name__).lower()
    return CannotWrite(f"{path}: cannot be written ({why}); nothing was written there")


def prune_backups(path: Path, keep: int = BACKUPS_KEPT) -> None:
    for old in _backups(path)[:-keep]:
        old.unlink(missing_ok=True)


def write_file(path: Path, data: bytes | str) -> Path:
    """A whole file that no reader ever sees half written (text as UTF-8): written beside,
    flushed, renamed over; its folder made when missing. For what OrderDesk makes (documents,
    exports, the add-in, fonts); the workbook itself goes through `replace_workbook`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    payload = data.encode("utf-8") if isinstance(data, str) else data

    def write(tmp: Path) -> None:
        tmp.write_bytes(payload)

    atomic_write(path, write, keep_backup=False)
    return path


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


# Temporary files: `.NAME.orderdesk-<pid>-<thread>.EXT` beside the file they will replace.
_TEMP_MARK = ".orderdesk-"
STALE_AFTER = dt.timedelta(hours=1)  # a temp file this old belongs to no running save


def temp_name(path: Path) -> Path:
    """Named per process and thread: two writers of the same file never share a temporary one."""
    writer = f"{os.getpid()}-{threading.get_ident()}"
    return path.with_name(f".{path.stem}{_TEMP_MARK}{writer}{path.suffix}")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):  # someone else's process, or no way to ask (Windows)
        return True
    return True


def remove_stale_temps(path: Path, *, locked: bool) -> list[Path]:
    """Remove temporary files a killed run left beside `path`. Under the workbook's lock every
    other writer's temporary file of it is stale (only the lock holder writes one); otherwise a
    file is stale when its process is gone or it is older than `STALE_AFTER`."""
    pattern = f".{glob_escape(path.stem)}{_TEMP_MARK}*-*{glob_escape(path.suffix)}"
    mine = temp_name(path)
    removed = []
    now = dt.datetime.now().timestamp()
    for tmp in path.parent.glob(pattern):
        if tmp == mine:
            continue
        writer = tmp.name[len(path.stem) + 1 + len(_TEMP_MARK) : -len(path.suffix) or None]
        pid_text = writer.split("-", 1)[0]
        try:
            old = now - tmp.stat().st_mtime > STALE_AFTER.total_seconds()
        except OSError:
            continue
        gone = pid_text.isdigit() and not _pid_alive(int(pid_text))
        if locked or gone or old:
            try:
                tmp.unlink()
                removed.append(tmp)
            except OSError:
                pass  # another process's file we may not remove: it is not ours to force
    return removed


def atomic_write(
    path: Path,
    write: Callable[[Path], None],
    *,
    keep_backup: bool = True,
    before_replace: Callable[[], None] | None = None,
    locked: bool = False,
) -> Path | None:
    """Write via `write(tmp)` beside `path`, fsync, back up the old file, run `before_replace`
    (the last check; it raises to stop), rename over it. Returns the backup made, if any."""
    remove_stale_temps(path, locked=locked)
    tmp = temp_name(path)
    saved: Path | None = None
    replaced = False
    try:
        write(tmp)
        _fsync_file(tmp)
        saved = backup(path, keep=None) if keep_backup and path.exists() else None
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
        replaced = True
        fsync_dir(path.parent)
        if saved is not None:
            prune_backups(path)
        return saved
    except BaseException as exc:
        if saved is not None and not replaced:
            saved.unlink(missing_ok=True)  # nothing was replaced: the backup is a needless copy
        if isinstance(exc, OSError):  # where to write is the user's choice, or the machine's state
            raise _cannot_write(path, exc) from exc
        raise
    finally:
        if tmp.exists():
            tmp.unlink()


def fingerprint(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --- one OrderDesk run at a time per workbook --------------------------------------------


LOCK_WAIT = 20.0  # seconds a second run waits for the first before it refuses


def lock_wait() -> float:
    """How long a run waits for another run's lock (ORDERDESK_LOCK_WAIT seconds overrides)."""
    text = os.environ.get("ORDERDESK_LOCK_WAIT", "").strip()
    try:
        return max(0.0, float(text)) if text else LOCK_WAIT
    except ValueError:
        return LOCK_WAIT


class WorkbookBusy(RegisterError):
    """Another OrderDesk run holds the workbook; nothing was written."""


class WorkbookLock:
    """The inter-process lock on one workbook: a sidecar file `.NAME.orderdesk-lock` beside it.

    `filelock.SoftFileLock`: the marker is made with O_CREAT|O_EXCL, which local disks and
    network shares (SMB, NFS) both honour, and carries the holder's process id and host; a
    marker whose process is gone (on this host) is taken over, so a killed run blocks nobody.
    """

    def __init__(self, path: Path, *, wait: float | None = None) -> None:
        import filelock

        self.workbook = path
        self.path = path.with_name(f".{path.name}.orderdesk-lock")
        self.wait = lock_wait() if wait is None else wait
        # The lock belongs to the register that took it, whichever thread saves it.
        self._lock = filelock.SoftFileLock(self.path, timeout=0, thread_local=False)
        self._timeout = filelock.Timeout

    @property
    def held(self) -> bool:
        return bool(self._lock.is_locked)

    def holder(self) -> str:
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "another OrderDesk run"
        pid = lines[0].strip() if lines else "?"
        host = lines[1].strip() if len(lines) > 1 else "?"
        return f"another OrderDesk run (process {pid} on {host})"

    def acquire(self, on_wait: Callable[[str], None] | None = None) -> None:
        if self.held:
            return
        try:
            self._lock.acquire(timeout=0)
            return
        except self._timeout:
            pass
        if self.wait <= 0:
            raise self._busy(0)
        if on_wait is not None:
            on_wait(
                f"{self.workbook.name} is in use by {self.holder()}; waiting up to "
                f"{self.wait:g} s for it to finish"
            )
        try:
            self._lock.acquire(timeout=self.wait, poll_interval=0.1)
        except self._timeout:
            raise self._busy(self.wait) from None
        except OSError as exc:
            raise RegisterError(
                f"{self.workbook.name}: cannot make the lock file {self.path} ({exc.strerror}); "
                "nothing was written"
            ) from exc

    def _busy(self, waited: float) -> WorkbookBusy:
        after = f" (waited {waited:g} s)" if waited else ""
        return WorkbookBusy(
            f"{self.workbook.name} is in use by {self.holder()}{after}; nothing was written. "
            f"Run the action again when it has finished. If no OrderDesk is running there, "
            f"delete the lock file {self.path}."
        )

    def release(self) -> None:
        if self.held:
            self._lock.release(force=True)


def replace_workbook(
    path: Path,
    write: Callable[[Path], None],
    *,
    stamp: str,
    lock: WorkbookLock,
) -> Path | None:
    """Replace the workbook with what `write(tmp)` produces, under `lock`, only if it is still
    the file that was read (`stamp`) and nobody has it open; keeps a backup. How the bytes are
    produced is the caller's: this is only the safe swap."""
    if not lock.held:
        raise RegisterError("internal: the workbook lock is not held")  # pragma: no cover

    def unchanged() -> None:
        check_unchanged(path, stamp)

    unchanged()
    written: list[str] = []

    def produce(tmp: Path) -> None:
        write(tmp)
        written.append(fingerprint(tmp))

    saved = atomic_write(path, produce, before_replace=unchanged, locked=True)
    if fingerprint(path) != written[0]:
        raise ChangedOnDisk(
            f"{path.name} was replaced by someone else at the moment OrderDesk saved it; "
            f"OrderDesk's changes are not in it (the version before them is in {BACKUP_DIR}). "
            "Run the action again."
        )
    return saved


def check_unchanged(path: Path, stamp: str) -> None:
    """Refuse when the workbook is open in Excel/LibreOffice or differs from what was read."""
    lock = lock_file(path)
    if lock is not None:
        raise WorkbookLocked(
            f"{path.name} is open in Excel or LibreOffice (lock file {lock.name}). "
            "Close it there, or run this from the OrderDesk ribbon; nothing was written."
        )
    try:
        now = fingerprint(path)
    except FileNotFoundError:
        raise ChangedOnDisk(
            f"{path.name} was moved or deleted after OrderDesk read it; nothing was written."
        ) from None
    if now != stamp:
        raise ChangedOnDisk(
            f"{path.name} was changed by someone else after OrderDesk read it; "
            "nothing was written. Run the action again."
        )
