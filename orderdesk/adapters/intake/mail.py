"""Purchase orders that come by e-mail: the message's text (a letter-style order), then each
attachment read as a file of its own (a PDF, a workbook, a scan), named `mail.eml › po.pdf`.
The sender's address is kept: its domain names the customer."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from email.utils import parseaddr
from html.parser import HTMLParser

from orderdesk.domain.intake.source import Cell, IntakeError, Line, Source, Where


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("br", "p", "div", "tr", "li", "h1", "h2", "h3"):
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def text_lines(text: str, file: str) -> list[Line]:
    """A message's text: one line per line; tabs or runs of 2+ spaces separate cells (a table
    typed or pasted into the mail), at their character positions."""
    out = []
    for n, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if raw.lstrip().startswith(">"):  # a quoted earlier message
            continue
        where = Where(file, line=n)
        cells = []
        for m in re.finditer(r"[^\t]+?(?=\t| {2,}|$)", raw.expandtabs(8)):
            text = m[0].strip()
            if text:
                cells.append(Cell(text, float(m.start()), float(m.end()), where))
        if cells:
            out.append(Line(tuple(cells)))
    return out


def _attachments(source: Source, parts: list[tuple[str, bytes]]) -> None:
    from orderdesk.adapters.intake import SUFFIXES, read_bytes

    for filename, payload in parts:
        if not filename.lower().endswith(SUFFIXES) or filename.lower().endswith(".txt"):
            continue
        inner = read_bytes(f"{source.name} › {filename}", payload)
        source.lines += inner.lines
        if inner.channel != "email":
            source.channel = inner.channel if source.channel == "email" else source.channel


def read_eml(name: str, data: bytes) -> Source:
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # the parser is lenient; this is a file that is not mail at all
        raise IntakeError(f"{name}: not an e-mail message that can be read ({exc})") from exc
    assert isinstance(msg, EmailMessage)
    if not msg.keys():
        raise IntakeError(f"{name}: not an e-mail message (no headers)")
    source = Source(name, "email", sender=parseaddr(str(msg.get("From", "")))[1] or None)
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is not None:
        text = body.get_content()
        if body.get_content_type() == "text/html":
            text = _html_text(text)
        source.lines += text_lines(text, name)
    parts = []
    for part in msg.iter_attachments():
        filename = part.get_filename() or ""
        payload = part.get_payload(decode=True)
        if filename and isinstance(payload, bytes):
            parts.append((filename, payload))
    _attachments(source, parts)
    return source


def read_msg(name: str, data: bytes) -> Source:
    try:
        import extract_msg
        from extract_msg.msg_classes import MessageBase
    except ImportError as exc:  # pragma: no cover - a dependency of OrderDesk
        raise IntakeError("reading Outlook .msg files needs extract-msg") from exc
    try:
        msg = extract_msg.openMsg(data)
    except Exception as exc:  # extract-msg raises many kinds for a file that is not a .msg
        raise IntakeError(f"{name}: not an Outlook message that can be read ({exc})") from exc
    if not isinstance(msg, MessageBase):  # a contact, task or note saved as .msg: no sender, body
        msg.close()
        raise IntakeError(f"{name}: an Outlook item that is not a message ({type(msg).__name__})")
    try:
        sender = parseaddr(str(msg.sender or ""))[1] or None
        if sender is None or "@" not in sender:  # PidTagSenderEmailAddress, when no SMTP one
            sender = msg.getStringStream("__substg1.0_0C1F") or None
        source = Source(name, "email", sender=sender)
        text = msg.body or ""
        html = msg.htmlBody if not text.strip() else None  # read only when there is no text
        if html:
            text = _html_text(html.decode("utf-8", "replace"))
        source.lines += text_lines(text, name)
        parts = []
        for att in msg.attachments:
            filename = getattr(att, "longFilename", None) or getattr(att, "shortFilename", None)
            payload = getattr(att, "data", None)
            if filename and isinstance(payload, bytes):
                parts.append((str(filename), payload))
    finally:
        msg.close()
    _attachments(source, parts)
    return source
