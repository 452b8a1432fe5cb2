"""[MS-OVBA] for the add-in build: the compression of VBA source, and the streams of a
source-only `vbaProject.bin` (no compiled p-code, so Office compiles the modules from their text).

Why our own code: the PyPI packages tried get long back-references or multi-chunk streams wrong
(see the notes in ../shared/notes/excel-addin.md). The compressor follows [MS-OVBA] 2.4.1.3 and
is checked by a round trip through oletools' decompressor.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

CHUNK = 4096  # bytes of decompressed data per chunk
CODEPAGE = "cp1252"  # the project's code page (PROJECTCODEPAGE 1252): module text is stored in it

# --- compression ([MS-OVBA] 2.4.1) --------------------------------------------------------


def compress(data: bytes) -> bytes:
    """A CompressedContainer: the signature byte, then one chunk per 4096 bytes of input."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        out += _chunk(data, start, min(start + CHUNK, len(data)))
    return bytes(out)


def _chunk(data: bytes, start: int, end: int) -> bytes:
    body = _compressed_body(data, start, end)
    if len(body) <= CHUNK:
        header = 0xB000 | (len(body) + 2 - 3)  # flag 1, signature 0b011, size - 3
        return struct.pack("<H", header) + body
    # Incompressible: a raw chunk always holds 4096 bytes (2.4.1.3.10 pads a short last one with
    # zeros, so such a tail decompresses longer; text never gets here).
    raw = data[start:end].ljust(CHUNK, b"\x00")
    return struct.pack("<H", 0x3000 | (CHUNK - 1)) + raw


def _copy_token_help(difference: int) -> tuple[int, int]:
    """(bit count of the offset, maximum length) for a position `difference` into the chunk."""
    bit_count = max((difference - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _compressed_body(data: bytes, start: int, end: int) -> bytes:
    """TokenSequences for one chunk. Matching is the spec's: the longest earlier match inside
    the chunk (at least 3 bytes), the nearest of equally long ones. Candidates are looked up by
    their first three bytes, which gives the same match as scanning every earlier position."""
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    pos = start
    indexed = start  # positions before this are in `seen`

    def remember(upto: int) -> None:
        nonlocal indexed
        while indexed < upto:
            if indexed + 3 <= end:
                seen.setdefault(data[indexed : indexed + 3], []).append(indexed)
            indexed += 1

    while pos < end:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            remember(pos)
            bit_count, max_len = _copy_token_help(pos - start)
            best_len, best_at = 0, -1
            limit = min(max_len, end - pos)
            if limit >= 3:
                for cand in reversed(seen.get(data[pos : pos + 3], ())):
                    n = 3
                    while n < limit and data[cand + n] == data[pos + n]:
                        n += 1
                    if n > best_len:
                        best_len, best_at = n, cand
                        if n == limit:
                            break
            if best_len >= 3:
                offset = pos - best_at
                token = ((offset - 1) << (16 - bit_count)) | (best_len - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                pos += best_len
            else:
                out.append(data[pos])
                pos += 1
        out[flag_at] = flags
    return bytes(out)


# --- the project's streams ([MS-OVBA] 2.3) ---------------------------------------------------


class ModuleKind(Enum):
    PROCEDURAL = "Module"  # a standard module (.bas)
    DOCUMENT = "Document"  # ThisWorkbook and the sheets' modules
    CLASS = "Class"  # a class module (.cls)

    @property
    def record(self) -> int:
        """MODULETYPE: 0x0021 procedural; 0x0022 document, class or designer module."""
        return 0x0021 if self is ModuleKind.PROCEDURAL else 0x0022


@dataclass(frozen=True)
class Module:
    name: str
    kind: ModuleKind
    source: str  # stored form: Attribute lines first, CRLF line ends

    @property
    def project_line(self) -> str:
        if self.kind is ModuleKind.DOCUMENT:
            return f"Document={self.name}/&H00000000"
        return f"{self.kind.value}={self.name}"


@dataclass(frozen=True)
class Reference:
    name: str
    libid: str  # *\G{guid}#major.minor#lcid#path#description


@dataclass(frozen=True)
class ProjectInfo:
    """Project-level values. The defaults are those of xlwings' own add-in template (English
    LCID, Windows code page 1252), which every xlwings add-in ships with."""

    name: str
    references: Sequence[Reference]
    # PROJECT stream values kept from the template: ID, and the encrypted protection state,
    # password and visibility (CMG, DPB, GC) that say "unprotected, no password, visible". The
    # encryption is keyed on the ID, so the four travel together.
    id: str = "{318BEE36-5BE1-492A-826D-473DB19B0F30}"
    cmg: str = "5D5F8AADDAA8DEA8DEA8DEA8DE"
    dpb: str = "5D5F8AADDAADDBADDBAD"
    gc: str = "5D5F8AADDAADDBADDB52"
    lcid: int = 0x0409
    version_major: int = 0x61EEF783
    version_minor: int = 3


# "Office" type library: IRibbonControl, which the ribbon callback's signature names. The path
# is informative only; Office resolves the library by GUID and version.
OFFICE = Reference(
    "Office",
    r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files (x86)\Common Files"
    r"\Microsoft Shared\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library",
)


def _mbcs(text: str, what: str) -> bytes:
    try:
        return text.encode(CODEPAGE)
    except UnicodeEncodeError as exc:
        bad = text[exc.start : exc.end]
        raise ValueError(
            f"{what}: {bad!r} cannot be stored in a VBA project (code page 1252)"
        ) from exc


def _rec(rid: int, payload: bytes) -> bytes:
    return struct.pack("<HI", rid, len(payload)) + payload


def _text_rec(rid: int, rid_unicode: int | None, text: str, what: str) -> bytes:
    out = _rec(rid, _mbcs(text, what))
    if rid_unicode is not None:
        out += _rec(rid_unicode, text.encode("utf-16-le"))
    return out


def dir_stream(info: ProjectInfo, modules: Sequence[Module]) -> bytes:
    """The decompressed `VBA/dir` stream (2.3.4.2): project information, references, modules."""
    out = bytearray()
    out += _rec(0x0001, struct.pack("<I", 1))  # SYSKIND: 32-bit Windows, as the template
    out += _rec(0x0002, struct.pack("<I", info.lcid))
    out += _rec(0x0014, struct.pack("<I", info.lcid))  # LCIDINVOKE
    out += _rec(0x0003, struct.pack("<H", 1252))  # CODEPAGE
    out += _text_rec(0x0004, None, info.name, "project name")
    out += _rec(0x0005, b"") + _rec(0x0040, b"")  # DOCSTRING (+ unicode)
    out += _rec(0x0006, b"") + _rec(0x003D, b"")  # HELPFILEPATH 1 and 2
    out += _rec(0x0007, struct.pack("<I", 0))  # HELPCONTEXT
    out += _rec(0x0008, struct.pack("<I", 0))  # LIBFLAGS
    # VERSION: its size field is "reserved" and MUST be 4, although 6 bytes follow.
    out += struct.pack("<HIIH", 0x0009, 4, info.version_major, info.version_minor)
    out += _rec(0x000C, b"") + _rec(0x003C, b"")  # CONSTANTS (+ unicode)
    for ref in info.references:
        out += _text_rec(0x0016, 0x003E, ref.name, "reference name")
        libid = _mbcs(ref.libid, "reference")
        out += _rec(0x000D, struct.pack("<I", len(libid)) + libid + b"\x00" * 6)
    out += _rec(0x000F, struct.pack("<H", len(modules)))
    out += _rec(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    for m in modules:
        out += _text_rec(0x0019, 0x0047, m.name, "module name")
        out += _text_rec(0x001A, 0x0032, m.name, "module stream name")
        out += _text_rec(0x001C, 0x0048, "", "module docstring")
        out += _rec(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: source only, no p-code
        out += _rec(0x001E, struct.pack("<I", 0))  # HELPCONTEXT
        out += _rec(0x002C, struct.pack("<H", 0xFFFF))  # MODULECOOKIE
        out += _rec(m.kind.record, b"")
        out += _rec(0x002B, b"")  # module terminator
    out += _rec(0x0010, b"")  # end of the dir stream
    return bytes(out)


# Version 0xFFFF: "ignore the performance caches and compile from source" (2.3.4.1).
VBA_PROJECT_STREAM = b"\xcc\x61\xff\xff\x00\x01\x00"


def project_stream(info: ProjectInfo, modules: Sequence[Module]) -> bytes:
    """The `PROJECT` stream (2.3.1): the module list and the project's properties, as text."""
    lines = [f'ID="{info.id}"', *(m.project_line for m in modules)]
    lines += [
        f'Name="{info.name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{info.cmg}"',
        f'DPB="{info.dpb}"',
        f'GC="{info.gc}"',
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
    ]
    return _mbcs("\r\n".join(lines), "PROJECT stream")


def project_wm_stream(modules: Sequence[Module]) -> bytes:
    """`PROJECTwm` (2.3.3): each module name in MBCS and UTF-16."""
    out = bytearray()
    for m in modules:
        out += _mbcs(m.name, "module name") + b"\x00"
        out += m.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def module_stream(module: Module) -> bytes:
    return compress(_mbcs(module.source, f"module {module.name}"))


def vba_project_streams(info: ProjectInfo, modules: Sequence[Module]) -> dict[str, bytes]:
    """Every stream of vbaProject.bin by its path in the compound file."""
    names = [m.name for m in modules]
    if len(set(n.lower() for n in names)) != len(names):
        raise ValueError(f"module names must be unique: {names}")
    streams = {
        "PROJECT": project_stream(info, modules),
        "PROJECTwm": project_wm_stream(modules),
        "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM,
        "VBA/dir": compress(dir_stream(info, modules)),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = module_stream(m)
    return streams
