"""Right-to-left text for renderers that draw glyphs left to right and join nothing (matplotlib).

Arabic letters take a different form at the start, in the middle and at the end of a word; a
renderer without a shaping engine draws each letter alone, and draws the letters of a
right-to-left word in typing order, so "شركة" comes out as four loose letters backwards. The
label is handed over shaped (arabic-reshaper: the joined presentation forms) and in the order
it is drawn (python-bidi: the Unicode bidirectional algorithm, UAX #9), so digits and Latin
names inside it keep their own order. Text without right-to-left letters is returned as it is.
"""

from __future__ import annotations

import re

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def visual(text: str) -> str:
    """`text` shaped and in display order, for a left-to-right glyph renderer."""
    if not _RTL.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return str(get_display(arabic_reshaper.reshape(text)))
