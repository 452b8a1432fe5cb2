"""Every answer is bounded: a server that drips one byte at a time is cut off at the call's
deadline (not kept alive by each read arriving in time), and an endless body is refused past the
size cap instead of being read into memory. Real servers on 127.0.0.1 that misbehave on purpose;
what they sent before the client hung up shows the client stopped."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from orderdesk.adapters.http import ClientConfig, HttpClient, HttpError


class Misbehaving:
    """A TCP server on 127.0.0.1 that answers every connection with `talk(conn)`, counting the
    bytes it managed to send before the client went away."""

    def __init__(self, talk: Callable[[socket.socket, Misbehaving], None]) -> None:
        self.talk = talk
        self.sent = 0
        self.done = threading.Event()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)  # the request
                with contextlib.suppress(OSError):  # the client hung up
                    self.talk(conn, self)
                self.done.set()

    def send(self, conn: socket.socket, data: bytes) -> None:
        conn.sendall(data)
        self.sent += len(data)

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def serve() -> Iterator[Callable[..., Misbehaving]]:
    servers: list[Misbehaving] = []

    def start(talk: Callable[[socket.socket, Misbehaving], None]) -> Misbehaving:
        servers.append(Misbehaving(talk))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def client(server: Misbehaving, **config: float) -> HttpClient:
    cfg = ClientConfig(
        "test API",
        f"http://127.0.0.1:{server.port}",
        retries=0,
        **config,  # type: ignore[arg-type]
    )
    return HttpClient(cfg, sleep=lambda s: None)


HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


def drip_body(conn: socket.socket, srv: Misbehaving) -> None:
    srv.send(conn, HEAD + b"Content-Length: 100000\r\n\r\n")
    for _ in range(400):  # 200 s at a byte every half second, each well within the read timeout
        srv.send(conn, b" ")
        time.sleep(0.5)


def drip_headers(conn: socket.socket, srv: Misbehaving) -> None:
    for _ in range(400):
        srv.send(conn, b"H")
        time.sleep(0.5)


@pytest.mark.parametrize("talk", [drip_body, drip_headers], ids=["body", "headers"])
def test_a_server_dripping_bytes_is_cut_off_at_the_deadline(serve, talk) -> None:
    server = serve(talk)
    with pytest.raises(HttpError, match=r"no complete answer within 2 s \(the call was cut off\)"):
        client(server, deadline=2, read_timeout=5).get_json("/events")
    assert server.done.wait(30)  # the server saw the client hang up …
    assert server.sent < 200  # … after a few drips, not the 400 it would have sent


def test_the_same_server_is_not_cut_off_without_a_deadline_reached(serve) -> None:
    """The negative: with a deadline beyond the drip, the answer arrives whole."""

    def short_drip(conn: socket.socket, srv: Misbehaving) -> None:
        srv.send(conn, HEAD + b"Content-Length: 4\r\n\r\n")
        for ch in b"[1]\n":
            srv.send(conn, bytes([ch]))
            time.sleep(0.3)

    server = serve(short_drip)
    body, _ = client(server, deadline=60, read_timeout=5).get_json("/events")
    assert body == [1]


def endless(conn: socket.socket, srv: Misbehaving) -> None:
    srv.send(conn, HEAD + b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"a" * 65536
    frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    for _ in range(100_000):  # 6.5 GB if nobody stopped reading
        srv.send(conn, frame)


def test_an_endless_body_is_refused_past_the_cap(serve) -> None:
    server = serve(endless)
    with pytest.raises(
        HttpError, match=r"the answer is larger than 1 MiB; it was not read further"
    ):
        client(server, max_body=1 << 20).get_json("/transactions")
    assert server.done.wait(30)
    assert server.sent < 32 << 20  # the client stopped reading long before the end


def test_a_declared_length_past_the_cap_is_refused_before_reading(serve) -> None:
    def big(conn: socket.socket, srv: Misbehaving) -> None:
        srv.send(conn, HEAD + b"Content-Length: 5000000000\r\n\r\n")
        for _ in range(1000):
            srv.send(conn, b"x" * 65536)

    server = serve(big)
    with pytest.raises(HttpError, match="larger than 1 MiB"):
        client(server, max_body=1 << 20).get_json("/x")


def test_an_answer_within_the_cap_is_read(serve) -> None:
    def fine(conn: socket.socket, srv: Misbehaving) -> None:
        body = b'{"ok": true}'
        srv.send(conn, HEAD + b"Content-Length: %d\r\n\r\n" % len(body) + body)

    body, _ = client(serve(fine), max_body=1 << 20).get_json("/x")
    assert body == {"ok": True}
