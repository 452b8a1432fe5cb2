"""A deterministic writer of [MS-CFB] compound files (version 3, 512-byte sectors): enough for a
`vbaProject.bin`. The same streams always give the same bytes (no timestamps, fixed order).

Layout after the header: the large streams (4096 bytes and more) each in contiguous sectors, then
the mini stream that holds the small ones in 64-byte mini sectors, the mini FAT, the directory and
last the FAT. The FAT must fit in the header's 109 slots (files up to about 7 MB).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR = 512
MINI = 64
MINI_CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
HEADER_DIFAT = 109
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    colour: int = BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def _order(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4: shorter names first, then by the upper-cased names."""
    return (len(name), name.upper())


def _tree(root: _Entry, streams: Mapping[str, bytes]) -> None:
    for path in sorted(streams):
        parts = path.split("/")
        node = root
        for i, part in enumerate(parts):
            if not part or len(part) > 31:
                raise ValueError(f"{path}: each name must be 1 to 31 characters")
            last = i == len(parts) - 1
            found = next((c for c in node.children if c.name.upper() == part.upper()), None)
            if found is None:
                found = _Entry(part, STREAM if last else STORAGE, streams[path] if last else b"")
                node.children.append(found)
            elif last or found.kind != STORAGE:
                raise ValueError(f"{path}: a stream and a storage share a name")
            node = found


def _flatten(root: _Entry) -> list[_Entry]:
    """Directory order: the root, then each storage's children (sorted), depth first."""
    out: list[_Entry] = []

    def visit(e: _Entry) -> None:
        e.sid = len(out)
        out.append(e)
        e.children.sort(key=lambda c: _order(c.name))
        for c in e.children:
            visit(c)

    visit(root)
    return out


def _link_siblings(parent: _Entry) -> None:
    """Each storage's children form a red-black tree: a balanced binary search tree whose deepest
    level is red when it is not full (every path then passes the same number of black nodes)."""
    kids = parent.children
    depth: dict[int, int] = {}

    def build(lo: int, hi: int, d: int) -> int:
        if lo > hi:
            return NOSTREAM
        mid = (lo + hi + 1) // 2
        e = kids[mid]
        depth[id(e)] = d
        e.left = build(lo, mid - 1, d + 1)
        e.right = build(mid + 1, hi, d + 1)
        return e.sid

    parent.child = build(0, len(kids) - 1, 0)
    if kids:
        deepest = max(depth.values())
        full = len(kids) == 2 ** (deepest + 1) - 1
        for e in kids:
            e.colour = RED if (deepest > 0 and not full and depth[id(e)] == deepest) else BLACK
    for c in kids:
        _link_siblings(c)


def _sectors(n_bytes: int, size: int) -> int:
    return -(-n_bytes // size)


def write(streams: Mapping[str, bytes]) -> bytes:
    """A compound file holding `streams`, keyed by path ("VBA/dir")."""
    root = _Entry("Root Entry", ROOT)
    _tree(root, streams)
    entries = _flatten(root)
    _link_siblings(root)

    fat: list[int] = []
    body = bytearray()

    def allocate(data: bytes) -> int:
        n = _sectors(len(data), SECTOR)
        if n == 0:
            return ENDOFCHAIN
        first = len(fat)
        fat.extend(range(first + 1, first + n))
        fat.append(ENDOFCHAIN)
        body.extend(data.ljust(n * SECTOR, b"\x00"))
        return first

    mini = bytearray()
    minifat: list[int] = []
    for e in entries:
        if e.kind != STREAM:
            continue
        e.size = len(e.data)
        if e.size >= MINI_CUTOFF:
            e.start = allocate(e.data)
        elif e.size:
            n = _sectors(e.size, MINI)
            e.start = len(minifat)
            minifat.extend(range(e.start + 1, e.start + n))
            minifat.append(ENDOFCHAIN)
            mini.extend(e.data.ljust(n * MINI, b"\x00"))
        # an empty stream keeps start ENDOFCHAIN and size 0
    root.start = allocate(bytes(mini)) if mini else ENDOFCHAIN
    root.size = len(mini)
    minifat_data = b"".join(struct.pack("<I", x) for x in minifat)
    minifat_data = minifat_data.ljust(_sectors(len(minifat_data), SECTOR) * SECTOR, b"\xff")
    first_minifat = allocate(minifat_data) if minifat else ENDOFCHAIN
    directory = b"".join(_dir_entry(e) for e in entries)
    per_sector = SECTOR // 128
    free_entries = (-len(entries)) % per_sector
    directory += _free_entry() * free_entries
    first_dir = allocate(directory)

    # The FAT describes itself too: grow it until its own sectors fit.
    n_fat = 1
    while _sectors((len(fat) + n_fat) * 4, SECTOR) > n_fat:
        n_fat += 1
    if n_fat > HEADER_DIFAT:
        raise ValueError("compound file too large for a header-only DIFAT")
    fat_start = len(fat)
    fat.extend([FATSECT] * n_fat)
    fat.extend([FREESECT] * (n_fat * SECTOR // 4 - len(fat)))
    fat_bytes = b"".join(struct.pack("<I", x) for x in fat)

    difat = [fat_start + i for i in range(n_fat)] + [FREESECT] * (HEADER_DIFAT - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\x00" * 16,
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # little-endian
        9,  # sector shift: 512
        6,  # mini sector shift: 64
        b"\x00" * 6,
        0,  # directory sectors (always 0 in version 3)
        n_fat,
        first_dir,
        0,  # transaction signature
        MINI_CUTOFF,
        first_minifat,
        _sectors(len(minifat) * 4, SECTOR),
        ENDOFCHAIN,  # no DIFAT sectors
        0,
    )
    header += b"".join(struct.pack("<I", x) for x in difat)
    assert len(header) == SECTOR
    return header + bytes(body) + fat_bytes


def _dir_entry(e: _Entry) -> bytes:
    name = e.name.encode("utf-16-le") + b"\x00\x00"
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name,
        len(name),
        e.kind,
        e.colour,
        e.left,
        e.right,
        e.child,
        b"\x00" * 16,  # CLSID
        0,  # state bits
        0,  # creation time
        0,  # modified time
        e.start if (e.kind != STORAGE) else 0,
        e.size,
    )


def _free_entry() -> bytes:
    return struct.pack(
        "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"", 0, 0, 0, 0, 0
    )
