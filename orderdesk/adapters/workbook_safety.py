"""Saving a user's workbook without losing anything: locks, content at risk, atomic replace.

- A workbook open in Excel has an owner file `~$Name.xlsx` beside it (LibreOffice:
  `.~lock.Name.xlsx#`). Writing then would be overwritten by the user's next save, or would
  overwrite theirs: refuse.
- openpyxl re-writes what it models and drops or alters what it does not: drawings it cannot
  model (shapes, text boxes), chart styling, chartEx charts, slicers, form controls, embedded
  objects, Power Query connections, threaded comments, sparklines. Charts, images and pivot
  tables come back only in openpyxl's own rendition. We look into the package before writing and
  name what is there, sheet by sheet, so the user decides.
- The new file is written beside the old one, flushed to disk, and moved over it in one rename;
  the previous version goes to a backups folder that keeps the last five.
"""

from __future__ import annotations

import datetime as dt
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


def content_at_risk(path: Path, owned_sheets: Iterable[str] = ()) -> list[str]:
    """What saving this workbook through openpyxl would drop or alter, named for the user.

    Charts on OrderDesk's own sheets are not listed: they are redrawn from their data.
    """
    owned = set(owned_sheets)
    found: list[str] = []
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        sheets = _sheet_parts(zf)
        for part, sheet in sheets.items():
            if part not in names:
                continue
            for kind, target in _rels(zf, part):
                if kind == "drawing" and target in names:
                    drawing = zf.read(target)
                    for dkind, dtarget in _rels(zf, target):
                        if dkind == "chart" and sheet not in owned:
                            found.append(f"chart '{_chart_title(zf, dtarget)}' on sheet '{sheet}'")
                        elif dkind == "image" and sheet not in owned:
                            found.append(
                                f"image '{posixpath.basename(dtarget)}' on sheet '{sheet}'"
                            )
                        elif dkind in ("chartEx",):
                            found.append(f"chart ({dkind}) on sheet '{sheet}'")
                    if sheet not in owned:
                        shapes = re.findall(
                            rb"<xdr:sp\b.*?<xdr:cNvPr[^>]*name=\"([^\"]*)\"", drawing, re.S
                        )
                        found.extend(f"shape '{n.decode()}' on sheet '{sheet}'" for n in shapes)
                        if b"<mc:AlternateContent" in drawing and b"cx:" in drawing:
                            found.append(f"chart (new chart type) on sheet '{sheet}'")
                elif kind == "pivotTable":
                    xml = zf.read(target) if target in names else b""
                    m = re.search(rb'<pivotTableDefinition[^>]*\bname="([^"]*)"', xml)
                    label = m.group(1).decode() if m else posixpath.basename(target)
                    found.append(f"pivot table '{label}' on sheet '{sheet}'")
                elif kind in ("oleObject", "package"):
                    found.append(f"embedded object on sheet '{sheet}'")
                elif kind == "ctrlProp":
                    found.append(f"form control on sheet '{sheet}'")
                elif kind == "threadedComment":
                    found.append(
                        f"threaded comments on sheet '{sheet}' (replies and authors; the note text stays)"
                    )
                elif kind in ("slicer", "timeline"):
                    found.append(f"{kind} on sheet '{sheet}'")
            xml = zf.read(part)
            if b"sparklineGroup" in xml:
                found.append(f"sparklines on sheet '{sheet}'")
        if "xl/vbaProject.bin" in names and path.suffix.lower() != ".xlsm":
            found.append("VBA macros (xl/vbaProject.bin)")
        if any(n.startswith(("xl/slicerCaches/", "xl/timelineCaches/")) for n in names) and not any(
            "slicer" in f or "timeline" in f for f in found
        ):
            found.append("slicers")
        if "xl/connections.xml" in names or any(n.startswith("xl/queryTables/") for n in names):
            found.append("data connections / Power Query queries")
        if any(n.startswith("customXml/") for n in names):
            found.append("custom XML parts (e.g. sensitivity labels)")
    return sorted(dict.fromkeys(found))


# --- atomic replace with backups -----------------------------------------------------------


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # no directory handles on Windows; the rename is durable there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup(path: Path, keep: int = BACKUPS_KEPT) -> Path:
    """Copy the current file into the backups folder beside it; keep the newest `keep`."""
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H%M%S-%f")
    target = folder / f"{path.stem} {stamp}{path.suffix}"
    shutil.copy2(path, target)
    olds = sorted(folder.glob(f"{glob_escape(path.stem)} ????-??-?? ??????-*{path.suffix}"))
    for old in olds[:-keep]:
        old.unlink()
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


def write_file(path: Path, data: bytes | str) -> Path:
    """A whole file that no reader ever sees half written (text as UTF-8): written beside,
    flushed, renamed over; its folder made when missing. For what OrderDesk makes (documents,
    exports, the add-in, fonts); the workbook itself goes through `atomic_write` with a backup."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    payload = data.encode("utf-8") if isinstance(data, str) else data
    atomic_write(path, lambda tmp: tmp.write_bytes(payload), keep_backup=False)
    return path


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def atomic_write(
    path: Path, write: Callable[[Path], None], *, keep_backup: bool = True
) -> Path | None:
    """Write via `write(tmp)` beside `path`, fsync, back up the old file, rename over it."""
    # Named per process and thread: two writers of the same file never share a temporary one.
    writer = f"{os.getpid()}-{threading.get_ident()}"
    tmp = path.with_name(f".{path.stem}.orderdesk-{writer}{path.suffix}")
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        saved = backup(path) if keep_backup and path.exists() else None
        os.replace(tmp, path)
        fsync_dir(path.parent)
        return saved
    except OSError as exc:  # where to write is the user's choice, or the machine's state
        raise _cannot_write(path, exc) from exc
    finally:
        if tmp.exists():
            tmp.unlink()
