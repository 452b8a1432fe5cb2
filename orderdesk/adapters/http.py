"""One HTTP client base for every outside system (carriers, bank API): one place for retries.

A `requests.Session` per client, explicit connect/read timeouts, bounded retries with exponential
backoff on 429 and 5xx that honour `Retry-After`, and a per-client rate limit. Secrets are sent in
headers only and never appear in errors or logs: `describe()` redacts them.

Two bounds no timeout gives: a read timeout is per read, so a server that sends one byte every
few seconds is never timed out; and an answer's body is read whole. So every call has a deadline
for all of it (`ClientConfig.deadline`, retries included): a watchdog shuts the call's sockets
when it passes, wherever the call is waiting. And every body is streamed and counted: past
`ClientConfig.max_body` it is refused, not read further.
"""

from __future__ import annotations

import contextlib
import email.utils
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from orderdesk.errors import OrderDeskError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class HttpError(OrderDeskError):
    """A call to an outside system failed after its retries. The message names the system, the
    request (without secrets) and what came back."""

    def __init__(self, message: str, status: int | None = None, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


@dataclass
class RateLimit:
    """At most `per_second` calls per second from this client (thread-safe).

    Calls leave the gate 20 % wider apart than the limit: the provider counts calls when they
    arrive, and between the gate and the wire a thread may wait its turn (other threads, the
    interpreter lock) while the next one does not — with a 10 % margin a busy machine's calls
    still arrived one too many in a second (bench/tracking.py), and a strict carrier answers
    429 to that."""

    per_second: float
    headroom: float = 1.20
    _next: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def wait(self) -> None:
        if self.per_second <= 0:
            return
        # Calls pass the gate one at a time, each at least 1/per_second after the one before,
        # measured from when the previous one actually left (a late wake-up does not let the
        # next calls bunch up behind it and burst past the limit).
        with self._lock:
            now = self.clock()
            if self._next > now:
                self.sleep(self._next - now)
                now = max(self.clock(), self._next)
            self._next = now + self.headroom / self.per_second


@dataclass
class ClientConfig:
    name: str  # for messages: "DCSA MAEU", "DHL", "bank API"
    base_url: str
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    retries: int = 3
    backoff: float = 0.5  # seconds, doubled per retry
    max_wait: float = 30.0  # longest Retry-After honoured
    per_second: float = 0  # 0 = no limit
    headers: Mapping[str, str] = field(default_factory=dict)
    secret_headers: frozenset[str] = frozenset()
    pool_size: int = 10  # connections kept per host: at least the threads sharing the client
    deadline: float = 120.0  # seconds for one call, all its reads and retries included
    max_body: int = 64 * 1024 * 1024  # bytes of one answer's body (decoded)


# --- the deadline's watchdog --------------------------------------------------------------------


class _Calls(threading.local):
    """The connections the current thread's call is using (set while a call runs)."""

    active: list[HTTPConnection] | None = None


_CALLS = _Calls()


class _Tracked:
    def request(self, *args: Any, **kwargs: Any) -> Any:
        if _CALLS.active is not None:
            _CALLS.active.append(self)  # type: ignore[arg-type]
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _TrackedHTTP(_Tracked, HTTPConnection):
    pass


class _TrackedHTTPS(_Tracked, HTTPSConnection):
    pass


class _Pool(HTTPConnectionPool):
    ConnectionCls = _TrackedHTTP


class _PoolS(HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPS


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose connections say which call uses them, so that a call's watchdog
    can shut exactly its own sockets."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _PoolS}


def _shut(connections: list[HTTPConnection], fired: threading.Event) -> None:
    fired.set()
    for conn in list(connections):
        sock = getattr(conn, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)  # the blocked read returns at once


class _TooLarge(Exception):
    pass


def _read_body(resp: requests.Response, limit: int) -> bytes:
    """The whole body, streamed and counted; past `limit` bytes it is not read further."""
    declared = resp.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    parts: list[bytes] = []
    size = 0
    for chunk in resp.iter_content(chunk_size=64 * 1024):
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        parts.append(chunk)
    return b"".join(parts)


class HttpClient:
    """Base for API clients: `get_json(path, params)` with retries, backoff and rate limit."""

    def __init__(
        self,
        config: ClientConfig,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self.session = session or requests.Session()
        if session is None:
            size = max(config.pool_size, 10)
            adapter = DeadlineAdapter(pool_connections=size, pool_maxsize=size)
            self.session.mount("http://", adapter)
            self.session.mount("https://", adapter)
        self.session.headers.update(config.headers)
        self.limit = RateLimit(config.per_second, sleep=sleep)
        self._sleep = sleep

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return self.config.base_url.rstrip("/") + "/" + path.lstrip("/")

    def describe(self, url: str, method: str = "GET") -> str:
        """The request as it may appear in a message or log: never a secret (keys travel in
        headers, and headers are never part of a message)."""
        return f"{self.config.name} {method} {url}"

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """One call with its retries, all within `deadline` seconds; the body is read whole
        (at most `max_body` bytes) before the answer is returned."""
        url = self.url(path)
        cfg = self.config
        connections: list[HTTPConnection] = []
        fired = threading.Event()
        watchdog = threading.Timer(cfg.deadline, _shut, (connections, fired))
        watchdog.daemon = True
        _CALLS.active = connections
        watchdog.start()
        try:
            return self._attempts(method, url, params, headers, fired)
        finally:
            watchdog.cancel()
            _CALLS.active = None

    def _late(self, url: str, method: str, fired: threading.Event) -> HttpError | None:
        if not fired.is_set():
            return None
        return HttpError(
            f"{self.describe(url, method)}: no complete answer within "
            f"{self.config.deadline:g} s (the call was cut off)"
        )

    def _attempts(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        fired: threading.Event,
    ) -> requests.Response:
        cfg = self.config
        attempt = 0
        while True:
            self.limit.wait()
            try:
                resp = self.session.request(
                    method,
                    url,
                    params=params,
                    headers=headers,
                    timeout=(cfg.connect_timeout, cfg.read_timeout),
                    stream=True,
                )
                try:
                    resp._content = _read_body(resp, cfg.max_body)
                except _TooLarge:
                    raise HttpError(
                        f"{self.describe(url, method)}: the answer is larger than "
                        f"{cfg.max_body / 2**20:g} MiB; it was not read further",
                        resp.status_code,
                    ) from None
                finally:
                    resp.close()
            except requests.Timeout as exc:
                late = self._late(url, method, fired)
                if late is not None:
                    raise late from exc
                if attempt >= cfg.retries:
                    raise HttpError(
                        f"{self.describe(url, method)}: no answer within {cfg.read_timeout:g} s "
                        f"({attempt + 1} tries)"
                    ) from exc
                self._sleep(cfg.backoff * 2**attempt)
                attempt += 1
                continue
            except (
                requests.ConnectionError,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as exc:  # refused, reset, cut off mid-body
                late = self._late(url, method, fired)
                if late is not None:
                    raise late from exc
                if attempt >= cfg.retries:
                    raise HttpError(
                        f"{self.describe(url, method)}: cannot connect ({attempt + 1} tries)"
                    ) from exc
                self._sleep(cfg.backoff * 2**attempt)
                attempt += 1
                continue
            late = self._late(url, method, fired)
            if late is not None:
                raise late
            if resp.status_code in RETRY_STATUSES and attempt < cfg.retries:
                wait = retry_after(resp.headers.get("Retry-After"))
                wait = cfg.backoff * 2**attempt if wait is None else wait
                if wait > cfg.max_wait:
                    raise HttpError(
                        f"{self.describe(url, method)}: HTTP {resp.status_code}, "
                        f"asked to wait {wait:.0f} s",
                        resp.status_code,
                    )
                self._sleep(wait)
                attempt += 1
                continue
            resp.attempts = attempt + 1  # type: ignore[attr-defined]  # for messages
            return resp

    def get_json(
        self,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[Any, requests.Response]:
        resp = self.request("GET", path, params=params, headers=headers)
        if resp.status_code >= 400:
            tries = getattr(resp, "attempts", 1)
            after = f" (after {tries} tries)" if tries > 1 else ""
            raise HttpError(
                f"{self.describe(resp.url)}: HTTP {resp.status_code} {problem_text(resp)}{after}",
                resp.status_code,
                _safe_json(resp),
            )
        try:
            return resp.json(), resp
        except ValueError as exc:
            raise HttpError(f"{self.describe(resp.url)}: the answer is not JSON") from exc


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _safe_json(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return None


def problem_text(resp: requests.Response) -> str:
    """A short text from an error body: problem+JSON (RFC 7807: title, detail), the DCSA error
    object (statusCodeText, errors[].message), or else the status reason."""
    body = _safe_json(resp)
    if isinstance(body, dict):
        parts = [str(body[k]) for k in ("title", "detail") if body.get(k)]
        if not parts and body.get("statusCodeText"):
            parts = [str(body["statusCodeText"])]
            errors = body.get("errors")
            if isinstance(errors, list):
                parts += [
                    str(e["message"]) for e in errors if isinstance(e, dict) and e.get("message")
                ]
        if parts:
            return ": ".join(parts)
    return resp.reason or ""


# --- answers: JSON paths and cursor paging ---------------------------------------------------


def json_at(data: Any, *path: str) -> Any:
    """The value at `path` in a JSON answer (objects only), or None where the path breaks:
    a missing key or a node that is not an object is no error, the caller decides what is."""
    for key in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


# One page's request: a path or link, and its query (None: a link carries its own).
PageRequest = tuple[str, Mapping[str, str] | None]


def cursor_pages(
    fetch: Callable[[str, Mapping[str, str] | None], tuple[Any, requests.Response]],
    first: PageRequest,
    *,
    next_cursor: Callable[[Any, requests.Response], str | None],
    follow: Callable[[str], PageRequest],
    max_pages: int,
    too_many: Callable[[], Exception],
    loops: Callable[[int, str], Exception],
) -> Iterator[tuple[int, Any]]:
    """(page number, body) of each page, the next page asked for only after the caller took
    this one (so a page it refuses stops the paging).

    `next_cursor` reads the next page's cursor or link from an answer (None: the last page);
    `follow` turns it into the next request. A server that offers pages forever is stopped
    before page `max_pages + 1` (`too_many`), and one whose cursor points back to a page
    already read is stopped at once (`loops`, with the page and the cursor): both raise.
    """
    seen: set[str] = set()
    request: PageRequest = first
    page = 0
    while True:
        page += 1
        if page > max_pages:
            raise too_many()
        body, resp = fetch(*request)
        yield page, body
        cursor = next_cursor(body, resp)
        if not cursor:
            return
        if cursor in seen:
            raise loops(page, cursor)
        seen.add(cursor)
        request = follow(cursor)
