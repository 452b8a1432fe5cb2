"""Safe file names, and finding a Chinese font on each OS."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from orderdesk.adapters import pdf as P
from orderdesk.domain.documents.naming import document_file_stem, safe_part

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
needs_noto = pytest.mark.skipif(not NOTO.exists(), reason="Noto Sans CJK is not installed")


@pytest.mark.parametrize(
    "raw", ["../../x", "SO/1", "CON", "nul.txt", "..", "", "C:\\Windows\\x", "a\x00b", "订单 7"]
)
def test_unsafe_ids_become_one_harmless_component(raw):
    name = safe_part(raw)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".") and ".." not in name
    assert name.split(".")[0].upper() not in ("CON", "NUL")  # Windows device names are not files


def test_different_ids_never_share_a_file_and_plain_ids_stay_as_they_are():
    assert safe_part("SO/1") != safe_part("SO_1")
    assert safe_part("SO-2026-0001") == "SO-2026-0001"
    assert safe_part("订单7") == "订单7"
    assert document_file_stem("PI", "SO-2026-0001", 3, "en+zh-CN") == "PI_SO-2026-0001_v3_en-zh-CN"


@needs_noto
def test_windows_and_macos_places_are_searched(tmp_path):
    win = tmp_path / "Windows" / "Fonts"
    win.mkdir(parents=True)
    (win / "msyh.ttc").symlink_to(NOTO)
    found = P.candidate_files(
        platform="win32", env={"WINDIR": str(tmp_path / "Windows")}, use_fontconfig=False
    )
    assert found[0][0] == win / "msyh.ttc"
    assert P.candidate_files(platform="darwin", env={}, use_fontconfig=False) == [] or all(
        str(p).startswith(("/System", "/Library"))
        for p, _ in P.candidate_files(platform="darwin", env={}, use_fontconfig=False)
    )


@needs_noto
def test_the_font_settings_name_comes_first_and_the_simplified_face_is_chosen(tmp_path):
    named = tmp_path / "company.ttc"
    named.symlink_to(NOTO)
    found = P.candidate_files(str(named), platform="linux", env={}, use_fontconfig=False)
    assert found[0][0] == named
    face = P.pick_face(named)
    assert face is not None and "SC" in face.name  # not the Japanese face at index 0


def test_without_any_chinese_font_the_viewer_font_is_named_and_said(monkeypatch):
    monkeypatch.setattr(P, "candidate_files", lambda *a, **k: [])
    monkeypatch.setattr(P, "_STATE", {})
    pdf = P.html_to_pdf(
        "<html><body style=\"font-family: 'OD Sans', 'OD Wide', 'OD CJK'\">装箱单</body></html>"
    )
    assert pdf.fonts.cjk == "cid" and "STSong-Light" in pdf.fonts.notes[-1]
    assert any("STSong" in name for name, _ in P.iter_fonts_in(pdf.data))
    P._map_family(P.CJK, "Helvetica", "Helvetica")  # leave no CID mapping behind for later tests
    monkeypatch.setattr(P, "_STATE", {})


def test_same_html_gives_the_same_pdf_bytes():
    html = "<html><body><p>Invoice 1,234.50</p></body></html>"
    assert P.html_to_pdf(html).data == P.html_to_pdf(html).data


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ORDERDESK_CACHE", str(tmp_path))
    assert P.cache_dir() == tmp_path / "fonts"


def test_a_font_reportlab_refuses_falls_back_and_says_which(monkeypatch):
    def refuse(*a, **k):
        raise P.PdfError("Font does not allow subsetting/embedding")

    monkeypatch.setattr(P, "_STATE", {})
    monkeypatch.setattr(P, "_register_cjk", refuse)
    pdf = P.html_to_pdf(
        "<html><body style=\"font-family: 'OD Sans', 'OD CJK'\">商业发票</body></html>"
    )
    assert pdf.fonts.cjk == "cid"
    assert any("cannot be embedded" in n and "subsetting" in n for n in pdf.fonts.notes)
    monkeypatch.setattr(P, "_STATE", {})


def test_a_truetype_collection_is_embedded_as_it_is(tmp_path, monkeypatch):
    """The Windows route (msyh.ttc, simsun.ttc: TrueType outlines in a collection): the face that
    has Chinese is picked and embedded without conversion."""
    from fontTools.ttLib import TTCollection, TTFont

    # A collection like msyh.ttc: a Latin face first, a TrueType CJK face second.
    cjk = tmp_path / "cjk.ttf"
    P.convert_to_truetype(
        P.FontFile(NOTO, 2) if NOTO.exists() else pytest.skip("no CJK font to build from"),
        [ord(c) for c in "中文商业发票装箱单"],
        cjk,
    )
    collection = TTCollection()
    collection.fonts = [TTFont(str(P.FONT_DIR / "DejaVuSans.ttf")), TTFont(str(cjk))]
    ttc = tmp_path / "company.ttc"
    collection.save(str(ttc))

    monkeypatch.setattr(P, "_STATE", {})
    face = P.pick_face(ttc)
    assert face is not None and face.index == 1 and P._is_truetype(face)
    pdf = P.html_to_pdf(
        "<html><body style=\"font-family: 'OD Sans', 'OD CJK'\">商业发票</body></html>",
        cjk_font=str(ttc),
    )
    assert pdf.fonts.cjk == "file" and str(ttc) in pdf.fonts.cjk_source
    assert any(emb and "OD" in name for name, emb in P.iter_fonts_in(pdf.data))
    monkeypatch.setattr(P, "_STATE", {})


def test_two_subsets_of_one_face_each_draw_their_own_characters(tmp_path, monkeypatch):
    """Two font files with one PostScript name — the font cache grown by new characters while
    Excel's process keeps running, or another subset of the same face named in Settings: the
    second file's characters are drawn, not lost to the first file's glyphs (ReportLab keeps
    one font per PostScript name)."""
    if not NOTO.exists():
        pytest.skip("no CJK font to build from")
    first, second = tmp_path / "first.ttf", tmp_path / "second.ttf"
    P.convert_to_truetype(P.FontFile(NOTO, 2), [ord(c) for c in "中文发票"], first)
    P.convert_to_truetype(P.FontFile(NOTO, 2), [ord(c) for c in "上海王堃"], second)
    page = "<html><body style=\"font-family: 'OD Sans', 'OD CJK'\">{}</body></html>"
    monkeypatch.setattr(P, "_STATE", {})
    assert P.html_to_pdf(page.format("中文发票"), cjk_font=str(first)).warnings == []
    pdf = P.html_to_pdf(page.format("上海王堃"), cjk_font=str(second))
    assert [w for w in pdf.warnings if "can draw" in w] == []
    assert "上海王堃" in "".join(PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text().split())
    monkeypatch.setattr(P, "_STATE", {})


@needs_noto
def test_a_cache_grown_in_a_running_process_draws_what_it_grew_by(tmp_path, monkeypatch):
    """Excel's process makes documents all day: a character the cached CJK font lacks is added
    (a new conversion, registered under a new name) and is drawn. Every conversion of a face has
    the same PostScript name, and ReportLab took a font with a name it had seen for the first
    one: the characters added were boxes (and the zh-CN documents of a test worker that had
    registered a smaller font before went missing)."""
    monkeypatch.setenv("ORDERDESK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(P, "_STATE", {})
    monkeypatch.setattr(P, "base_characters", lambda: frozenset(map(ord, "OD")))  # a small cache

    def drawn(text: str) -> list[str]:
        html = f"<html><body style=\"font-family: 'OD Sans', 'OD CJK'\">{text}</body></html>"
        pdf = P.html_to_pdf(html)
        assert pdf.fonts.cjk == "file"
        return [w for w in pdf.warnings if "can draw" in w]

    assert drawn("东") == []  # the first font: O, D and 东
    assert drawn("东方橋") == []  # the cache grows by 方 and 橋, under a new name


@needs_noto
def test_the_font_registered_is_the_one_read_under_the_cache_lock(tmp_path, monkeypatch):
    """The converted CJK font is cached per user and shared by every process (xdist workers,
    another OrderDesk version): one may replace the file the moment the lock is released. What
    is registered is what was read under the lock, so a character it covers is drawn, not a box.
    (Registered from the path after the lock, the font was the other process's: every document
    needing a character it lacked was "not made".)"""
    import contextlib

    import filelock
    from pypdf import PdfReader

    monkeypatch.setenv("ORDERDESK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(P, "_STATE", {})
    monkeypatch.setattr(P, "base_characters", lambda: frozenset(map(ord, "OD")))  # a small cache
    face = P._cjk_state(None).face
    assert face is not None and not P._is_truetype(face)  # Noto: CFF outlines, so converted
    cached = P._cached_font(face)
    text = "东方橋宁波"
    P.convert_to_truetype(face, [ord(c) for c in f"OD{text}"], cached)  # an earlier run's cache
    real_lock = filelock.FileLock

    @contextlib.contextmanager
    def lock_then_another_process_writes(path: str, **kw: object):
        with real_lock(path, **kw):
            yield
        if path == f"{cached}.lock":  # the moment it is free, a font with one character of five
            P.convert_to_truetype(face, [ord("东")], cached)

    monkeypatch.setattr(filelock, "FileLock", lock_then_another_process_writes)
    pdf = P.html_to_pdf(
        f"<html><body style=\"font-family: 'OD Sans', 'OD CJK'\">{text}</body></html>"
    )
    assert not [w for w in pdf.warnings if "can draw" in w], pdf.warnings
    drawn = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert all(c in drawn for c in text), drawn
    monkeypatch.setattr(P, "_STATE", {})
