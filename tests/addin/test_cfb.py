"""The compound file writer, read back by olefile (an independent reader of [MS-CFB])."""

from __future__ import annotations

import io
import random

import olefile
import pytest
from orderdesk_addin import cfb


def read_all(data: bytes) -> dict[str, bytes]:
    ole = olefile.OleFileIO(io.BytesIO(data))
    return {"/".join(p): ole.openstream(p).read() for p in ole.listdir(streams=True)}


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 4095, 4096, 4097, 70_000])
def test_streams_of_every_size_read_back_exactly(size):
    data = random.Random(size).randbytes(size)
    streams = {"PROJECT": b"ID=1", "VBA/dir": b"x" * 300, "VBA/Module1": data}
    assert read_all(cfb.write(streams)) == streams


def test_the_fat_spans_several_sectors_for_a_large_file():
    streams = {f"VBA/M{i:02}": random.Random(i).randbytes(30_000) for i in range(20)}
    data = cfb.write(streams)
    assert read_all(data) == streams
    assert int.from_bytes(data[0x2C:0x30], "little") > 1  # number of FAT sectors


def test_the_same_streams_give_the_same_bytes():
    streams = {"VBA/b": b"2" * 5000, "VBA/a": b"1", "PROJECT": b"x"}
    assert cfb.write(streams) == cfb.write(dict(reversed(list(streams.items()))))


def _key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 8, 13, 31, 40])
def test_each_storage_holds_a_valid_red_black_tree(n):
    streams = {f"VBA/Module{i}": b"x" for i in range(n)} | {"PROJECT": b"p"}
    ole = olefile.OleFileIO(io.BytesIO(cfb.write(streams)))
    entries = ole.direntries
    vba = next(e for e in entries if e is not None and e.name == "VBA")
    seen: list[str] = []

    def walk(sid: int, lo: tuple | None, hi: tuple | None, parent_red: bool) -> int:
        """Checks order and colours; returns the black height."""
        if sid == cfb.NOSTREAM:
            return 1
        e = entries[sid]
        key = _key(e.name)
        assert (lo is None or lo < key) and (hi is None or key < hi), "search order"
        red = e.color == cfb.RED
        assert not (red and parent_red), "a red node with a red child"
        left = walk(e.sid_left, lo, key, red)
        seen.append(e.name)
        right = walk(e.sid_right, key, hi, red)
        assert left == right, "unequal black heights"
        return left + (0 if red else 1)

    assert entries[vba.sid_child].color == cfb.BLACK  # the root
    walk(vba.sid_child, None, None, False)
    assert sorted(seen, key=_key) == seen and len(seen) == n


def test_names_longer_than_31_characters_are_refused():
    with pytest.raises(ValueError, match="1 to 31 characters"):
        cfb.write({"VBA/" + "x" * 32: b""})
