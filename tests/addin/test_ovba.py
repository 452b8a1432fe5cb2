"""MS-OVBA compression, checked by oletools' independent decompressor (what olevba and every
VBA tool use), at the chunk edges and on text with long back-references."""

from __future__ import annotations

import random
import struct
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from orderdesk_addin import ovba
from orderdesk_addin.build import VBA_DIR

with warnings.catch_warnings():  # oletools 0.60.2 calls pyparsing names that now warn on import
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import decompress_stream

VBA_TEXT = (VBA_DIR / "xlwings.bas").read_bytes().replace(b"\n", b"\r\n")


def roundtrip(data: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(ovba.compress(data))))


def text_of(size: int) -> bytes:
    """VBA source of exactly `size` bytes (repeated as needed)."""
    return (VBA_TEXT * (size // len(VBA_TEXT) + 1))[:size]


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4095, 4096, 4097, 8191, 8192, 8193, 20000])
def test_text_of_edge_sizes_comes_back_exactly(size):
    data = text_of(size)
    assert roundtrip(data) == data


@pytest.mark.parametrize(
    "data",
    [
        b"a" * 10_000,  # one long repeat: copy tokens of the maximum length
        b"ab" * 6_000,  # overlapping back-references (offset 2)
        b"Sub x()\r\nEnd Sub\r\n" * 700,
        bytes(range(256)) * 40,  # repeats at offset 256 only
    ],
)
def test_long_repeats_come_back_exactly(data):
    compressed = ovba.compress(data)
    assert len(compressed) < len(data) / 3
    assert roundtrip(data) == data


def test_incompressible_whole_chunks_are_stored_raw():
    data = random.Random(1).randbytes(8192)
    compressed = ovba.compress(data)
    # signature, then two raw chunks: header 0x3FFF (flag 0, signature 0b011, size 4098 - 3)
    assert compressed[0] == 1
    assert struct.unpack_from("<H", compressed, 1)[0] == 0x3FFF
    assert len(compressed) == 1 + 2 * (2 + 4096)
    assert roundtrip(data) == data


def test_an_incompressible_short_tail_is_padded_as_the_spec_says():
    """[MS-OVBA] 2.4.1.3.10: a raw chunk always holds 4096 bytes. VBA text never gets here."""
    data = random.Random(2).randbytes(4095)
    assert roundtrip(data) == data + b"\x00"


def test_chunk_headers_have_the_signature_and_sizes():
    compressed = ovba.compress(text_of(10_000))
    pos, chunks = 1, 0
    while pos < len(compressed):
        header = struct.unpack_from("<H", compressed, pos)[0]
        assert header & 0x7000 == 0x3000  # signature 0b011
        assert header & 0x8000  # compressed
        pos += (header & 0x0FFF) + 3
        chunks += 1
    assert pos == len(compressed)
    assert chunks == 3  # 4096 + 4096 + 1808 bytes of input


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from([b"Dim ", b"x", b" As ", b"String", b"\r\n", b"    ", b"'"]), max_size=3000
    )
)
def test_any_vba_like_text_comes_back(parts):
    data = b"".join(parts)
    assert roundtrip(data) == data


def test_dir_stream_records_name_every_module_source_only():
    info = ovba.ProjectInfo("OrderDesk", references=(ovba.OFFICE,))
    mods = [
        ovba.Module("ThisWorkbook", ovba.ModuleKind.DOCUMENT, "x"),
        ovba.Module("Ribbon", ovba.ModuleKind.PROCEDURAL, "y"),
    ]
    data = ovba.dir_stream(info, mods)
    records = []
    pos = 0
    while pos < len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        if rid == 0x0009:  # PROJECTVERSION: its size field is 4 but 6 bytes follow
            size = 6
        records.append((rid, data[pos + 6 : pos + 6 + size]))
        pos += 6 + size
    names = [p.decode() for r, p in records if r == 0x0019]
    assert names == ["ThisWorkbook", "Ribbon"]
    assert [p for r, p in records if r == 0x0031] == [b"\0\0\0\0"] * 2  # MODULEOFFSET 0
    assert [r for r, _ in records if r in (0x0021, 0x0022)] == [0x0022, 0x0021]
    assert records[-1] == (0x0010, b"")
    assert ovba.VBA_PROJECT_STREAM[2:4] == b"\xff\xff"  # "compile from source"


def test_text_outside_code_page_1252_is_refused_with_the_module_named():
    bad = ovba.Module("Ribbon", ovba.ModuleKind.PROCEDURAL, "' 订单\r\n")
    with pytest.raises(ValueError, match="module Ribbon"):
        ovba.module_stream(bad)
