"""HTML → PDF with xhtml2pdf (pure Python on ReportLab: installs with pip alone on every OS).

Fonts are the hard part of a trade document in several scripts, and they are settled here:

- Latin text is set in Helvetica (a PDF base font every viewer has).
- Everything Helvetica's 8-bit encoding cannot draw — Latin beyond Western Europe, Cyrillic,
  Greek, Hebrew, Arabic — falls to DejaVu Sans, shipped in `fonts/` so that an Arabic customer's
  name comes out joined and right to left on any machine (xhtml2pdf reshapes and reorders it).
- Chinese (and Japanese kana) falls to a CJK font found on the machine, or the one the Settings
  sheet names: Microsoft YaHei / SimSun on Windows, PingFang / STHeiti / Arial Unicode on macOS,
  Noto Sans CJK / WenQuanYi / AR PL on Linux. ReportLab embeds only TrueType outlines; a face with
  PostScript (CFF) outlines — Noto Sans CJK is one — is redrawn as TrueType with fontTools, for
  the characters documents use (GB 2312 plus whatever a document needs beyond it), and kept in a
  per-user cache so it is done once per machine, not once per document. Only when no CJK font
  exists at all does Chinese fall back to ReportLab's STSong-Light, a font the viewer supplies
  (not embedded): the outcome says so.

xhtml2pdf picks, character by character, the first family of the CSS `font-family` list that
has a glyph, so the templates name the three families (`OD Sans`, `OD Wide`, `OD CJK`) in that
order and never think about scripts.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from orderdesk.adapters.workbook_safety import write_file
from orderdesk.errors import OrderDeskError

FONT_DIR = Path(__file__).with_name("fonts")

SANS, WIDE, CJK = "od sans", "od wide", "od cjk"  # the families the templates name
CID_FALLBACK = "STSong-Light"

# Characters a converted CJK font always carries: GB 2312 (every simplified character in common
# use), kana, CJK punctuation and full-width forms. Documents needing more extend the cache.
_BASE_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2010, 0x2027),
    (0x2030, 0x203B),
    (0x2190, 0x2193),
    (0x2460, 0x2473),
    (0x3000, 0x303F),
    (0x3040, 0x30FF),
    (0xFF01, 0xFF5E),
    (0xFFE0, 0xFFE6),
)
# What counts as "needs the CJK font" when scanning a document.
_CJK_TEXT = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)
_WANTED_FACE = re.compile(r"\b(SC|GB|CN|Hans|Simplified|YaHei|SimSun|SimHei|PingFang SC)\b", re.I)
_BOLD_STYLE = re.compile(r"bold|semibold|medium|heavy|black", re.I)

log = logging.getLogger(__name__)


_BIDI_CONTROL_WARNING = re.compile(r"can draw .{0,12}\(U\+(200[EF]|061C|202[A-E]|206[6-9])\)")


class PdfError(OrderDeskError):
    """The PDF could not be made; the message says why."""


# --- finding a CJK font -----------------------------------------------------------------------


@dataclass(frozen=True)
class FontFile:
    """One face in a font file (a .ttc holds several; `index` picks one)."""

    path: Path
    index: int = 0
    name: str = ""

    def __str__(self) -> str:
        return f"{self.path}" + (f" (face {self.index}: {self.name})" if self.name else "")


def _known_paths(platform: str, env: dict[str, str]) -> list[tuple[str, str | None]]:
    """(regular, bold) font files where each OS keeps its Chinese fonts, best first."""
    if platform.startswith("win"):
        fonts = Path(env.get("WINDIR", r"C:\Windows")) / "Fonts"
        local = Path(env.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
        pairs = [
            ("msyh.ttc", "msyhbd.ttc"),
            ("msyh.ttf", "msyhbd.ttf"),
            ("Deng.ttf", "Dengb.ttf"),
            ("simhei.ttf", None),
            ("simsun.ttc", None),
        ]
        return [
            (str(root / r), str(root / b) if b else None)
            for root in (fonts, local)
            for r, b in pairs
        ]
    if platform == "darwin":
        return [
            ("/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/PingFang.ttc"),
            (
                "/System/Library/Fonts/STHeiti Light.ttc",
                "/System/Library/Fonts/STHeiti Medium.ttc",
            ),
            ("/System/Library/Fonts/Hiragino Sans GB.ttc", None),
            ("/Library/Fonts/Arial Unicode.ttf", None),
            ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", None),
            ("/System/Library/Fonts/Supplemental/Songti.ttc", None),
        ]
    roots = ["/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".local/share/fonts")]
    rel = [
        ("opentype/noto/NotoSansCJK-Regular.ttc", "opentype/noto/NotoSansCJK-Bold.ttc"),
        ("noto-cjk/NotoSansCJK-Regular.ttc", "noto-cjk/NotoSansCJK-Bold.ttc"),
        ("google-noto-cjk/NotoSansCJK-Regular.ttc", "google-noto-cjk/NotoSansCJK-Bold.ttc"),
        ("truetype/wqy/wqy-zenhei.ttc", None),
        ("truetype/wqy/wqy-microhei.ttc", None),
        ("truetype/arphic/uming.ttc", None),
        ("truetype/droid/DroidSansFallbackFull.ttf", None),
    ]
    return [(f"{root}/{r}", f"{root}/{b}" if b else None) for root in roots for r, b in rel]


def _fc_list() -> list[tuple[str, str | None]]:
    """Chinese fonts fontconfig knows (Linux, and macOS with fontconfig), sans before serif."""
    exe = shutil.which("fc-list")
    if not exe:
        return []
    try:
        out = subprocess.run(
            [exe, ":lang=zh-cn", "file", "style"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = sorted({line.split(":")[0].strip() for line in out.splitlines() if ":" in line})
    files.sort(
        key=lambda f: ("serif" in f.lower(), "mono" in f.lower(), bool(_BOLD_STYLE.search(f)))
    )
    regular = [f for f in files if not _BOLD_STYLE.search(Path(f).name)]
    bold = [f for f in files if _BOLD_STYLE.search(Path(f).name)]
    return [(r, _bold_sibling(r, bold)) for r in regular]


def _bold_sibling(regular: str, bold: Iterable[str]) -> str | None:
    stem = re.sub(r"[-_ ]?(regular|light|normal)$", "", Path(regular).stem, flags=re.I).lower()
    for b in bold:
        if Path(b).stem.lower().startswith(stem):
            return b
    return None


def candidate_files(
    named: str | None = None,
    *,
    platform: str | None = None,
    env: dict[str, str] | None = None,
    use_fontconfig: bool = True,
) -> list[tuple[Path, Path | None]]:
    """Font files that may hold Chinese, in the order to try them: the one Settings names first,
    then the OS's usual places, then whatever fontconfig lists."""
    platform = platform or sys.platform
    env = dict(os.environ) if env is None else env
    found: list[tuple[Path, Path | None]] = []
    seen: set[Path] = set()

    def add(reg: str, bold: str | None) -> None:
        p = Path(reg).expanduser()
        if p in seen or not p.is_file():
            return
        seen.add(p)
        b = Path(bold).expanduser() if bold else None
        found.append((p, b if b and b.is_file() else None))

    if named:
        add(named, None)
    for reg, bold in _known_paths(platform, env):
        add(reg, bold)
    if use_fontconfig and not platform.startswith("win"):
        for reg, bold in _fc_list():
            add(reg, bold)
    return found


def pick_face(path: Path, *, bold: bool = False) -> FontFile | None:
    """The face of `path` to use for Chinese: one that maps 中 and 文, preferring a simplified
    Chinese face (a Noto CJK collection holds Japanese, Korean and traditional faces too)."""
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            faces = list(TTCollection(str(path), lazy=True).fonts)
        else:
            faces = [TTFont(str(path), lazy=True)]
    except Exception as exc:  # a damaged or unreadable file: skip it, say so in the log
        log.info("font %s unreadable: %s", path, exc)
        return None
    best: tuple[int, int, str] | None = None
    for i, face in enumerate(faces):
        try:
            cmap = face.getBestCmap() or {}
            name = face["name"]
            family = str(name.getDebugName(1) or "")
            full = str(name.getDebugName(4) or family)
        except Exception:
            continue
        if 0x4E2D not in cmap or 0x6587 not in cmap:
            continue
        score = 4 if _WANTED_FACE.search(full) else 0
        score -= 3 if "mono" in full.lower() else 0
        score += 2 if bool(_BOLD_STYLE.search(full)) == bold else 0
        if best is None or score > best[0]:
            best = (score, i, full)
    return None if best is None else FontFile(path, best[1], best[2])


# --- turning a face into something ReportLab embeds -------------------------------------------


def cache_dir() -> Path:
    """Where converted fonts are kept: ORDERDESK_CACHE, else the OS's per-user cache folder."""
    if os.environ.get("ORDERDESK_CACHE"):
        root = Path(os.environ["ORDERDESK_CACHE"])
    elif sys.platform.startswith("win"):
        root = Path(os.environ.get("LOCALAPPDATA", Path.home())) / "OrderDesk" / "Cache"
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Caches" / "OrderDesk"
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "orderdesk"
    return root / "fonts"


@cache
def base_characters() -> frozenset[int]:
    chars = {c for a, b in _BASE_RANGES for c in range(a, b + 1)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


def _cache_key(face: FontFile) -> str:
    st = face.path.stat()
    ident = f"{face.path.resolve()}|{face.index}|{st.st_size}|{int(st.st_mtime)}"
    return hashlib.sha256(ident.encode()).hexdigest()[:16]


def _cached_font(face: FontFile) -> Path:
    return cache_dir() / f"{face.path.stem}-{face.index}-{_cache_key(face)}-v2.ttf"


def convert_to_truetype(face: FontFile, chars: Iterable[int], dest: Path) -> Path:
    """Redraw the face's glyphs for `chars` with TrueType (quadratic) outlines into `dest`.

    Only the characters asked for are drawn: a whole CJK face is 65,535 glyphs (too many for a
    TrueType glyph-name table, and a minute of work); GB 2312 is 7,500 and takes seconds.
    """
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    src = TTFont(str(face.path), fontNumber=face.index, lazy=True)
    cmap = src.getBestCmap()
    glyph_set = src.getGlyphSet()
    hmtx = src["hmtx"]
    wanted = sorted(c for c in set(chars) if c in cmap)
    order = [".notdef"]
    new_name: dict[str, str] = {".notdef": ".notdef"}
    for cp in wanted:
        old = cmap[cp]
        if old not in new_name:
            new_name[old] = f"g{len(order)}"
            order.append(new_name[old])
    glyphs = {}
    metrics = {}
    for old, new in new_name.items():
        pen = TTGlyphPen(None)
        glyph_set[old].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyph = pen.glyph()
        glyphs[new] = glyph
        advance = hmtx[old][0]
        glyph.recalcBounds(None)
        metrics[new] = (advance, getattr(glyph, "xMin", 0))
    os2 = src["OS/2"]
    hhea = src["hhea"]
    names = src["name"]
    family = str(names.getDebugName(1) or face.path.stem)
    style = str(names.getDebugName(2) or "Regular")
    fb = FontBuilder(src["head"].unitsPerEm, isTTF=True)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({cp: new_name[cmap[cp]] for cp in wanted})
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
    fb.setupNameTable(
        {
            "familyName": family,
            "styleName": style,
            # Regular and bold must differ here: a PDF names its fonts by this.
            "psName": re.sub(r"[^A-Za-z0-9-]", "", f"{family}-{style}-OD")[:60] or "CJK-OD",
        }
    )
    fb.setupOS2(
        sTypoAscender=os2.sTypoAscender,
        sTypoDescender=os2.sTypoDescender,
        sTypoLineGap=os2.sTypoLineGap,
        usWinAscent=os2.usWinAscent,
        usWinDescent=os2.usWinDescent,
        fsType=os2.fsType,  # the font's own embedding licence travels with it
        sCapHeight=getattr(os2, "sCapHeight", 0),
        sxHeight=getattr(os2, "sxHeight", 0),
    )
    fb.setupPost(keepGlyphNames=False)
    buffer = io.BytesIO()
    fb.save(buffer)
    return write_file(dest, buffer.getvalue())  # a second process converting at once loses nothing


# --- registration -------------------------------------------------------------------------------


@dataclass
class FontReport:
    """Which fonts a document was set in, for the outcome and for tests."""

    cjk: str  # "file" (embedded), "cid" (viewer's STSong), or "none" (not needed)
    cjk_source: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class _CjkState:
    face: FontFile | None = None
    bold_face: FontFile | None = None
    registered: dict[bool, tuple[str, frozenset[int] | None]] = field(default_factory=dict)
    problem: str = ""


_STATE: dict[str, _CjkState] = {}


def _register_ttf(
    name: str, source: Path | io.BytesIO, index: int = 0, *, own_face: bool = False
) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if name not in pdfmetrics.getRegisteredFontNames():
        font = TTFont(name, source, subfontIndex=index)
        if own_face:
            # ReportLab keeps one font per PostScript name: a font whose face name it has seen
            # is registered as the first one. Every conversion of a CJK face has the same name,
            # so a process (Excel's, a test worker) would draw with the first, smaller cache or
            # another company's font, and each character it lacks comes out as a box.
            font.face.name = name.encode("ascii")
        pdfmetrics.registerFont(font)


def _map_family(family: str, regular: str, bold: str) -> None:
    """Tell ReportLab (bold/italic lookup) and xhtml2pdf (CSS family names) about a family."""
    from reportlab.lib.fonts import addMapping
    from xhtml2pdf import default

    for b in (0, 1):
        for i in (0, 1):
            addMapping(regular, b, i, bold if b else regular)
    default.DEFAULT_FONT[family] = regular


@cache
def _register_base_fonts() -> None:
    _register_ttf("ODWide", FONT_DIR / "DejaVuSans.ttf")
    _register_ttf("ODWide-Bold", FONT_DIR / "DejaVuSans-Bold.ttf")
    _map_family(WIDE, "ODWide", "ODWide-Bold")
    # Every font in the PDF is embedded (PDF/A; a viewer that substitutes Helvetica draws
    # "J apan"): the Latin text is set in DejaVu Sans too, and the names a stylesheet or
    # xhtml2pdf itself may fall back to point at it.
    _map_family(SANS, "ODWide", "ODWide-Bold")
    # xhtml2pdf sets a few empty fragments (anchors, page-number placeholders) in "Helvetica"
    # by name; that name is DejaVu here too, so no base-14 font is referenced and not embedded.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    # (and list bullets in "Symbol")
    for name, file in (
        ("Helvetica", "DejaVuSans.ttf"),
        ("Helvetica-Bold", "DejaVuSans-Bold.ttf"),
        ("Symbol", "DejaVuSans.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, FONT_DIR / file))  # replaces the base-14 entry
    from xhtml2pdf import default

    for name in (
        "helvetica",
        "arial",
        "sans-serif",
        "sans",
        "times",
        "serif",
        "courier",
        "monospace",
    ):
        default.DEFAULT_FONT[name] = "ODWide"


def _cjk_state(named: str | None) -> _CjkState:
    key = named or ""
    if key in _STATE:
        return _STATE[key]
    state = _CjkState()
    problems: list[str] = []
    for reg, bold in candidate_files(named):
        face = pick_face(reg)
        if face is None:
            if named and reg == Path(named).expanduser():
                problems.append(f"the font named in Settings ({named}) has no Chinese face")
            continue
        state.face = face
        state.bold_face = pick_face(bold, bold=True) if bold else None
        if reg == bold:  # one collection holding both weights (PingFang)
            state.bold_face = pick_face(reg, bold=True)
        try:
            _is_truetype(face)
        except Exception as exc:
            problems.append(f"{reg}: {exc}")
            state.face = None
            continue
        break
    if named and not Path(named).expanduser().is_file():
        problems.insert(0, f"the CJK font named in Settings does not exist: {named}")
    state.problem = "; ".join(problems)
    _STATE[key] = state
    return state


def _register_cjk(state: _CjkState, needed: frozenset[int], bold: bool) -> str:
    """Register the CJK face (bold or regular) so that it covers `needed`; returns its name."""
    face = state.bold_face if bold and state.bold_face else state.face
    assert face is not None
    known = state.registered.get(bold)
    if _is_truetype(face):  # ReportLab embeds it as it is (subset per document)
        if known is None:
            # Named after the file, so that another font named in Settings later in a
            # long-running process (Excel's) is not mistaken for this one.
            tag = hashlib.sha256(f"{face.path}|{face.index}".encode()).hexdigest()[:8]
            name = f"ODCJK{'-Bold' if bold else ''}-{tag}"
            _register_ttf(name, face.path, face.index, own_face=True)
            state.registered[bold] = (name, None)
            return name
        return known[0]
    if known is not None and known[1] is not None and needed <= known[1]:
        return known[0]
    from filelock import FileLock
    from reportlab.pdfbase.ttfonts import TTFont

    path = _cached_font(face)
    path.parent.mkdir(parents=True, exist_ok=True)
    want = (needed | base_characters()) & _source_cmap(face)
    # One process at a time reads and builds the cache: on a cold cache, the document runs
    # started together wait for the first to finish instead of each reading a font that is
    # still being written (which drew 東 and 橋 as boxes).
    # The bytes registered are the bytes read under the lock: read again after it, the file may
    # be another process's by then (one of another OrderDesk version sharing the cache may hold
    # fewer characters), and a font registered as covering `have` would draw boxes.
    with FileLock(str(path) + ".lock", timeout=900):
        data = path.read_bytes() if path.is_file() else b""
        have: frozenset[int] = frozenset()
        if data:
            have = frozenset(TTFont("probe", io.BytesIO(data)).face.charToGlyph)
        if not want <= have:
            convert_to_truetype(face, have | want, path)
            data = path.read_bytes()
            have = frozenset(TTFont("probe", io.BytesIO(data)).face.charToGlyph)
    digest = hashlib.sha256(repr(sorted(have)).encode()).hexdigest()[:8]
    name = f"ODCJK{'-Bold' if bold else ''}-{digest}"
    _register_ttf(name, io.BytesIO(data), own_face=True)
    state.registered[bold] = (name, have)
    return name


@cache
def _is_truetype(face: FontFile) -> bool:
    from fontTools.ttLib import TTFont

    return "glyf" in TTFont(str(face.path), fontNumber=face.index, lazy=True)


@cache
def _source_cmap(face: FontFile) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(face.path), fontNumber=face.index, lazy=True).getBestCmap())


def warm_fonts(text: str, cjk_font: str | None = None) -> FontReport:
    """Build the font cache for all the text a run will set, before worker processes start."""
    return prepare_fonts(text, cjk_font)


def prepare_fonts(text: str, cjk_font: str | None = None) -> FontReport:
    """Register the fonts a document with this text needs; say which CJK route was taken."""
    _register_base_fonts()
    needed = frozenset(ord(c) for c in _CJK_TEXT.findall(text))
    if not needed:
        return FontReport("none")
    state = _cjk_state(cjk_font or None)
    notes = [state.problem] if state.problem else []
    if state.face is not None:
        try:
            regular = _register_cjk(state, needed, bold=False)
            bold = _register_cjk(state, needed, bold=True) if state.bold_face else regular
        except Exception as exc:  # a font ReportLab refuses (licence bits, a broken table …)
            notes.append(f"the Chinese font {state.face} cannot be embedded ({exc})")
            state.face = None
        else:
            _map_family(CJK, regular, bold)
            return FontReport("file", str(state.face), notes)
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    _map_family(CJK, CID_FALLBACK, CID_FALLBACK)
    notes.append(
        "no usable Chinese font found on this computer: Chinese text uses STSong-Light, which "
        "the PDF viewer supplies (not embedded). Name a font file in Settings → 'cjk font'."
    )
    return FontReport("cid", CID_FALLBACK, notes)


# --- rendering ---------------------------------------------------------------------------------


def _policy() -> object:
    """A rendering may read nothing: the logo comes inline (data: URI), fonts are registered."""
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    return ResourceAccessPolicy(allow_remote=False, base_dir=None)


@dataclass
class Pdf:
    data: bytes
    fonts: FontReport
    warnings: list[str]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@cache
def _invariant() -> None:
    # Same input, same bytes: no creation time or random document ID in the file, so a
    # document's SHA-256 in the Documents sheet identifies its content.
    from reportlab import rl_config

    rl_config.invariant = 1
    # Each page's preamble selects the canvas's base font; Helvetica there would be the one
    # font of the file that is not embedded.
    _register_base_fonts()
    rl_config.canvas_basefontname = "ODWide"


def html_to_pdf(html: str, *, cjk_font: str | None = None, title: str = "") -> Pdf:
    """Render a document's HTML (our own templates' output) to PDF bytes."""
    from xhtml2pdf import pisa

    _invariant()
    fonts = prepare_fonts(html, cjk_font)
    out = io.BytesIO()
    handler = _Collect()
    logger = logging.getLogger("xhtml2pdf")
    logger.addHandler(handler)
    try:
        status = pisa.pisaDocument(
            html,
            dest=out,
            encoding="utf-8",
            resource_policy=_policy(),
            context_meta={"title": title, "creator": "OrderDesk", "author": "OrderDesk"},
        )
    except Exception as exc:
        raise PdfError(f"could not make the PDF: {exc}") from exc
    finally:
        logger.removeHandler(handler)
    if getattr(status, "err", 0):
        raise PdfError("could not make the PDF: " + "; ".join(handler.messages[-3:]))
    # The <title> is page metadata for browsers, never drawn: its glyphs do not matter; nor do
    # the bidi isolates and marks, which steer the bidirectional algorithm and are not drawn.
    messages = [
        m for m in handler.messages if "<title>" not in m and not _BIDI_CONTROL_WARNING.search(m)
    ]
    return Pdf(pdf_a(out.getvalue(), title), fonts, _unique(messages))


# --- PDF/A-2b ------------------------------------------------------------------------------------

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>OrderDesk</rdf:li></rdf:Seq></dc:creator>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>OrderDesk</xmp:CreatorTool>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>OrderDesk</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile for the PDF/A output intent, made by LittleCMS (in Pillow), with a
    fixed creation date so that the same document gives the same bytes."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes([0x07, 0xEA, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])  # 2026-01-01 00:00:00
    data[84:100] = bytes(16)  # profile ID: "not computed", as the header now differs
    return bytes(data)


def pdf_a(data: bytes, title: str = "") -> bytes:
    """Make ReportLab's PDF a PDF/A-2b file as far as its content allows: every font is
    embedded already (DejaVu, the CJK face); this adds the XMP identification (part 2, level
    B), an sRGB output intent, document information matching the XMP, and a file identifier
    derived from the content. Same input, same bytes."""
    from xml.sax.saxutils import escape as xml_escape

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    meta = DecodedStreamObject()
    meta.set_data(_XMP.format(title=xml_escape(title)).encode("utf-8"))
    meta.update(
        {NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")}
    )
    icc = DecodedStreamObject()
    icc.set_data(srgb_profile())
    icc.update({NameObject("/N"): NumberObject(3)})
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject("sRGB IEC61966-2.1"),
            NameObject("/Info"): TextStringObject("sRGB IEC61966-2.1"),
            NameObject("/DestOutputProfile"): writer._add_object(icc),
        }
    )
    root = writer._root_object
    root[NameObject("/Metadata")] = writer._add_object(meta)
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    info = {
        "/Title": title,
        "/Author": "OrderDesk",
        "/Creator": "OrderDesk",
        "/Producer": "OrderDesk",
    }
    writer._info = writer._add_object(
        DictionaryObject({NameObject(k): TextStringObject(v) for k, v in info.items()})
    )
    ident = ByteStringObject(hashlib.md5(data, usedforsecurity=False).digest())
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def iter_fonts_in(pdf: bytes) -> Iterator[tuple[str, bool]]:
    """(BaseFont, embedded?) of every font a PDF's pages use (for checks and tests)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    seen: set[str] = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            base = str(font.get("/BaseFont"))
            if base in seen:
                continue
            seen.add(base)
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            yield base, embedded
