"""SWIFT FIN text as an advising bank forwards it: messages, and the fields of their block 4.

Why not a library: the PyPI parsers that read MT7xx (`swift-parser-py`, `pasmp`) are generic and
lenient by design — they accept a message without its mandatory fields, carry wrong patterns for
MT700 (41a, 48) and report a broken field as a Python exception or not at all — while an L/C
must be refused with the line and tag when it is malformed. The block-4 grammar is small: a
field starts on a line `:TAG:` (two digits and an optional letter), its other lines follow, and
a line of a field never starts with ':' or '-' (SWIFT's rule for the x character set). The field
formats themselves are in `fields.py`.

Read, as banks send it:
- one or several messages with their envelope, `{1:…}{2:…}{3:…}{4:` … `-}{5:…}`, the header on one
  line or several, SOH / ETX bytes around them;
- block 4 alone (the text pasted from an advice), several messages one after the other: each
  MT700 / 701 / 707 starts with field 27 (sequence of total), so a new `:27:` starts a new
  message; a line `-` or `$` between messages is a separator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orderdesk.errors import OrderDeskError

NOTHING = "Nothing was imported."
_TAG = re.compile(r"^:(?P<tag>\d{2}[A-Z]?):(?P<value>.*)$")
_BLOCK = re.compile(r"\{(?P<no>[1-5]):")
_BLOCK2 = re.compile(r"^(?P<io>[IO])(?P<mt>\d{3})(?P<rest>.*)$")


class LcMessageError(OrderDeskError):
    """An L/C message that cannot be read: the message names the file, the line and the tag."""

    def __init__(self, source: str, line: int | None, tag: str | None, problem: str) -> None:
        self.file = source
        self.line = line
        self.tag = tag
        where = source if line is None else f"{source} line {line}"
        if tag:
            where += f", field :{tag}:"
        super().__init__(f"{where}: {problem}. {NOTHING}")


@dataclass
class Field:
    tag: str
    lines: list[str]
    line: int  # the line of the tag in the file (1-based)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Message:
    """One FIN message: its type (700, 701, 707; from block 2 or from its fields), the sender
    and receiver BICs the envelope names, and the fields of block 4 in order."""

    source: str
    line: int
    mt: str = ""
    sender: str = ""
    receiver: str = ""
    fields: list[Field] = field(default_factory=list)

    def get(self, *tags: str) -> Field | None:
        return next((f for f in self.fields if f.tag in tags), None)

    def all(self, *tags: str) -> list[Field]:
        return [f for f in self.fields if f.tag in tags]

    def error(self, f: Field | None, tag: str | None, problem: str) -> LcMessageError:
        return LcMessageError(self.source, f.line if f else self.line, tag, problem)


def _clean(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x01", "\n").replace("\x03", "\n")
    return text.split("\n")


def read_messages(text: str, source: str) -> list[Message]:
    """The messages of a file, in order. Raises `LcMessageError` naming the line for text that is
    not FIN (no field at all, text before the first field, an envelope never closed)."""
    lines = _clean(text)
    if any(_BLOCK.search(x) for x in lines):
        messages = _enveloped(lines, source)
    else:
        messages = _bare(lines, 1, source)
    if not messages or not any(m.fields for m in messages):
        raise LcMessageError(source, None, None, "no SWIFT field (:20:, :32B: …) in the file")
    return messages


def _enveloped(lines: list[str], source: str) -> list[Message]:
    out: list[Message] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        start = line.find("{1:")
        if start < 0:
            if line.strip() and line.strip() not in ("-", "$", "}", "-}") and not out:
                raise LcMessageError(
                    source, i + 1, None, f"text outside a SWIFT message: {line.strip()[:40]!r}"
                )
            i += 1
            continue
        msg = Message(source, i + 1)
        header = line[start:]
        # The header blocks may run over several lines until block 4 opens.
        while "{4:" not in header and i + 1 < len(lines):
            i += 1
            header += lines[i]
        m1 = re.search(r"\{1:F\d\d(?P<bic>[A-Z0-9]{8,12})", header)
        m2 = re.search(r"\{2:(?P<body>[^}]*)\}", header)
        if m2:
            b2 = _BLOCK2.match(m2.group("body"))
            if b2:
                msg.mt = b2.group("mt")
                rest = b2.group("rest")
                if b2.group("io") == "I":  # input: to the receiver named here; from block 1
                    msg.receiver = _bic(rest[:12])
                    msg.sender = _bic(m1.group("bic")) if m1 else ""
                else:  # output: time, then the sender's MIR (date, LT address …)
                    msg.sender = _bic(rest[10:22])
                    msg.receiver = _bic(m1.group("bic")) if m1 else ""
        if "{4:" not in header:
            raise LcMessageError(source, msg.line, None, "the message has no text block {4:")
        tail = header.split("{4:", 1)[1]
        body: list[tuple[int, str]] = []
        if tail.strip():
            body.append((i + 1, tail))
        i += 1
        closed = False
        while i < len(lines):
            x = lines[i]
            if x.startswith("-") and (x.strip() == "-" or x.lstrip("-").startswith("}")):
                closed = True
                i += 1
                break
            body.append((i + 1, x))
            i += 1
        if not closed:
            raise LcMessageError(
                source, msg.line, None, "the message's text block {4: is never closed with '-}'"
            )
        msg.fields = _fields(body, source)
        out.append(msg)
    return out


def _bic(text: str) -> str:
    """A BIC from a logical terminal address (12 characters: BIC8, terminal letter, branch)."""
    text = text.strip().upper()
    if len(text) == 12:
        branch = text[9:12]
        return text[:8] + ("" if branch == "XXX" else branch)
    return text


def _bare(lines: list[str], first: int, source: str) -> list[Message]:
    out: list[Message] = []
    current: list[tuple[int, str]] = []
    start = first

    def close() -> None:
        if current and any(x.strip() for _, x in current):
            msg = Message(source, start)
            msg.fields = _fields(current, source)
            out.append(msg)

    for n, x in enumerate(lines, start=first):
        if x.strip() in ("-", "$", "-}"):
            close()
            current = []
            start = n + 1
            continue
        m = _TAG.match(x)
        if m and m.group("tag") == "27" and any(_TAG.match(y) for _, y in current):
            close()
            current = []
            start = n
        current.append((n, x))
    close()
    return out


def _fields(body: list[tuple[int, str]], source: str) -> list[Field]:
    fields: list[Field] = []
    for n, x in body:
        m = _TAG.match(x)
        if m:
            fields.append(Field(m.group("tag"), [m.group("value").rstrip()], n))
            continue
        if not fields:
            if x.strip():
                raise LcMessageError(
                    source, n, None, f"text before the first field: {x.strip()[:40]!r}"
                )
            continue
        fields[-1].lines.append(x.rstrip())
    for f in fields:  # trailing blank lines belong to no field
        while len(f.lines) > 1 and not f.lines[-1].strip():
            f.lines.pop()
    return fields
