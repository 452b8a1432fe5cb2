"""The picture of the ribbon tab in docs/excel.md is drawn from ribbon.xml and kept current."""

from __future__ import annotations

from pathlib import Path

from defusedxml import ElementTree as ET
from orderdesk_addin import picture, ribbon

DOCS_SVG = Path(__file__).parents[2] / "docs" / "img" / "ribbon.svg"


def test_the_svg_shows_every_group_and_button():
    root = ET.fromstring(picture.svg().encode())
    texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert ribbon.TAB_LABEL in texts
    assert set(ribbon.GROUPS) <= texts
    for control in ribbon.controls():
        assert control.label in texts or all(w in " ".join(texts) for w in control.label.split())


def test_the_docs_picture_is_current():
    assert DOCS_SVG.read_text(encoding="utf-8") == picture.svg(), (
        "the ribbon changed: run `orderdesk addin picture --out docs/img/ribbon.svg` and commit"
    )


def test_the_png_is_drawn(tmp_path):
    out = picture.write_png(tmp_path / "ribbon.png", dpi=50)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
