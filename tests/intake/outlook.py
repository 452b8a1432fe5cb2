"""A minimal Outlook .msg written from [MS-OXMSG] (2.1 and 2.4): the root's property stream,
subject, body, sender and message class as string streams, an empty named-property map, and
each attachment as a storage with its file name and bytes. extract-msg, the reader Import PO
uses, is a reader we did not write."""

from __future__ import annotations

import struct

from addin import cfb

PT_UNICODE, PT_BINARY, PT_LONG = 0x001F, 0x0102, 0x0003


def _string(prop: int, text: str) -> tuple[str, bytes, bytes]:
    data = text.encode("utf-16-le")
    tag = (prop << 16) | PT_UNICODE
    entry = struct.pack("<IIII", tag, 0x6, len(data) + 2, 0)
    return f"__substg1.0_{prop:04X}{PT_UNICODE:04X}", data, entry


def _binary(prop: int, data: bytes) -> tuple[str, bytes, bytes]:
    tag = (prop << 16) | PT_BINARY
    return (
        f"__substg1.0_{prop:04X}{PT_BINARY:04X}",
        data,
        struct.pack("<IIII", tag, 0x6, len(data), 0),
    )


def _long(prop: int, value: int) -> bytes:
    return struct.pack("<IIiI", (prop << 16) | PT_LONG, 0x6, value, 0)


def msg(sender: str, subject: str, body: str, attachments: dict[str, bytes] | None = None) -> bytes:
    attachments = attachments or {}
    streams: dict[str, bytes] = {}
    entries = b""
    for name, data, entry in (
        _string(0x001A, "IPM.Note"),
        _string(0x0037, subject),
        _string(0x1000, body),
        _string(0x0C1A, sender.split("@")[0]),
        _string(0x0C1F, sender),
        _string(0x0C1E, "SMTP"),
        _string(0x5D01, sender),  # PidTagSenderSmtpAddress
    ):
        streams[name] = data
        entries += entry
    header = struct.pack("<8xIIII8x", 0, len(attachments), 0, len(attachments))
    streams["__properties_version1.0"] = header + entries
    for kind in ("0002", "0003", "0004"):
        streams[f"__nameid_version1.0/__substg1.0_{kind}0102"] = b""
    for i, (filename, data) in enumerate(attachments.items()):
        folder = f"__attach_version1.0_#{i:08X}"
        props = _long(0x3705, 1)  # PidTagAttachMethod: by value
        for name, value, entry in (
            _string(0x3707, filename),
            _string(0x3704, filename[:8]),
            _binary(0x3701, data),
        ):
            streams[f"{folder}/{name}"] = value
            props += entry
        streams[f"{folder}/__properties_version1.0"] = b"\0" * 8 + props
    return cfb.write(streams)
