"""PDF purchase orders: words with their positions (`pdfplumber`), page by page; a page that
carries no text is a scan and goes through OCR (rendered with `pypdfium2`)."""

from __future__ import annotations

import io

from orderdesk.adapters.intake.layout import Word, lines_of
from orderdesk.domain.intake.source import IntakeError, Line, Source

SCAN_DPI = 200


def read_pdf(name: str, data: bytes) -> Source:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    source = Source(name, "pdf")
    scanned = texts = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
                except Exception as exc:  # pdfminer's own errors on a broken page: name it
                    raise IntakeError(f"{name}, page {number}: cannot be read ({exc})") from exc
                if not words:
                    source.lines += _ocr_page(name, data, number)
                    scanned += 1
                    continue
                texts += 1
                source.lines += lines_of(
                    (Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in words),
                    name,
                    number,
                )
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise IntakeError(
                f"{name}: the PDF is protected by a password; ask the customer for an "
                "unprotected copy (or print it to PDF), then import that"
            ) from exc
        raise IntakeError(f"{name}: not a PDF that can be read ({cause})") from exc
    except (PDFPasswordIncorrect, PDFSyntaxError) as exc:
        raise IntakeError(f"{name}: not a PDF that can be read ({exc})") from exc
    if scanned and not texts:
        source.channel = "scan"
    return source


def _ocr_page(name: str, data: bytes, number: int) -> list[Line]:
    import pypdfium2 as pdfium

    from orderdesk.adapters.intake.ocr import ocr_lines

    try:
        doc = pdfium.PdfDocument(data)
        image = doc[number - 1].render(scale=SCAN_DPI / 72).to_pil()
    except pdfium.PdfiumError as exc:
        raise IntakeError(f"{name}, page {number}: cannot be rendered for OCR ({exc})") from exc
    return ocr_lines(image, name, number)
