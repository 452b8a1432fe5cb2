"""The sandbox server: one ThreadingHTTPServer on 127.0.0.1 that serves every sandbox API.

APIs are found, not listed: every module of `orderdesk.sandbox` that defines
`make_api(register_path: Path, faults: Faults) -> SandboxApi` is mounted at its API's `prefix`
(`/dcsa`, `/dhl`, `/psd2` …), so an API is added by adding its module. A request goes to the API
with the longest matching prefix.

Misbehaviour is set per route with `Faults`, keyed by the route without its leading slash:
`"dhl"` for a whole API, `"dcsa/MSCU"` for one carrier under it (the most specific key wins).
The server itself applies the faults that look the same for every API: `status` / `fail_first`,
`delay`, `throttle_every` with `retry_after`, and `malformed`. The API gets only the faults about
its data (`page_size`, `endless_pages`), so no fault is applied twice. Every request the server
received is kept in `received` (in memory only: it holds headers, keys included) for tests.

    with Sandbox(register, faults={"dcsa/MSCU": Faults(status=500)}) as box:
        box.url  # http://127.0.0.1:PORT
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from orderdesk.sandbox.base import Faults, SandboxApi, SandboxRequest, SandboxResponse

HOST = "127.0.0.1"


@dataclass
class Received:
    """One request as the server got it (recorded on arrival; `status` once answered)."""

    route: str  # the fault key it fell under ("dcsa/MAEU", "dhl" …), or the API prefix
    method: str
    path: str  # full path, without the query
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # lower-cased names
    status: int = 0  # what the server answered
    at: float = field(default_factory=time.monotonic)

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


def discover() -> dict[str, Callable[[Path, Faults], SandboxApi]]:
    """Module name → its `make_api`, for every sandbox API module present."""
    import orderdesk.sandbox as package

    found: dict[str, Callable[[Path, Faults], SandboxApi]] = {}
    for mod in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if mod.name in ("base", "server") or mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{mod.name}")
        make = getattr(module, "make_api", None)
        if callable(make):
            found[mod.name] = make
    return found


def data_faults(faults: Faults | None) -> Faults:
    """The part of a fault setting the API itself acts on (the server does the rest)."""
    if faults is None:
        return Faults()
    return dataclasses.replace(
        faults, status=None, fail_first=0, delay=0.0, throttle_every=0, malformed=False
    )


class Sandbox:
    """The sandbox as a context manager (or `start()` / `stop()`)."""

    def __init__(
        self,
        register_path: Path,
        *,
        port: int = 0,
        faults: Mapping[str, Faults] | None = None,
        apis: Sequence[str] | None = None,
        extra: Sequence[SandboxApi] = (),
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.register_path = Path(register_path)
        self.port = port
        self.faults: dict[str, Faults] = {k.strip("/"): v for k, v in (faults or {}).items()}
        self.log = log
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        makers = discover()
        if apis is not None:
            unknown = sorted(set(apis) - set(makers))
            if unknown:
                raise ValueError(f"no sandbox API {unknown}; there are {sorted(makers)}")
            makers = {k: v for k, v in makers.items() if k in apis}
        self.apis: dict[str, SandboxApi] = {}
        for name, make in makers.items():
            api = make(self.register_path, data_faults(self.faults.get(name)))
            self.apis[api.prefix.rstrip("/") or "/"] = api
        for api in extra:  # APIs a test scripts by hand, mounted beside (or over) the others
            self.apis[api.prefix.rstrip("/") or "/"] = api
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- life cycle -------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the sandbox is not running")
        return f"http://{HOST}:{self._server.server_address[1]}"

    def start(self) -> Sandbox:
        handler = _handler(self)
        self._server = ThreadingHTTPServer((HOST, self.port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="orderdesk-sandbox", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def set_faults(self, route: str, faults: Faults | None) -> None:
        """Change a route's misbehaviour while running (server-side faults only)."""
        with self._lock:
            if faults is None:
                self.faults.pop(route.strip("/"), None)
            else:
                self.faults[route.strip("/")] = faults
            self._counts.pop(route.strip("/"), None)

    def requests_to(self, route: str) -> list[Received]:
        """Requests whose path lies under this route ("dcsa/MAEU", "dhl" …)."""
        prefix = "/" + route.strip("/")
        return [r for r in self.received if _under(r.path, prefix)]

    # --- dispatch -----------------------------------------------------------------------

    def _api_for(self, path: str) -> SandboxApi | None:
        best: SandboxApi | None = None
        for prefix, api in self.apis.items():
            if _under(path, prefix) and (best is None or len(prefix) > len(best.prefix)):
                best = api
        return best

    def _fault_key(self, path: str) -> str | None:
        keys = [k for k in self.faults if _under(path, "/" + k)]
        return max(keys, key=len) if keys else None

    def serve(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> SandboxResponse:
        parts = urlsplit(target)
        path = parts.path or "/"
        query = parse_qs(parts.query, keep_blank_values=True)
        api = self._api_for(path)
        key = self._fault_key(path)
        route = key or (api.prefix.strip("/") if api else "")
        record = Received(route, method, path, query, dict(headers))
        with self._lock:
            self.received.append(record)
        response = self._answer(api, key, method, path, query, headers, body)
        record.status = response.status
        if self.log:
            self.log(f"{method} {target} -> {response.status}")
        return response

    def _answer(
        self,
        api: SandboxApi | None,
        key: str | None,
        method: str,
        path: str,
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> SandboxResponse:
        if api is None:
            return SandboxResponse.problem(404, "Not Found", f"no sandbox API serves {path}")
        faults = self.faults.get(key) if key else None
        if faults is not None and key is not None:
            with self._lock:
                n = self._counts[key] = self._counts.get(key, 0) + 1
            if faults.delay:
                time.sleep(faults.delay)
            retry = {"Retry-After": str(faults.retry_after)}
            if faults.status and (faults.fail_first == 0 or n <= faults.fail_first):
                extra = retry if faults.status in (429, 503) else {}
                return _error(api, faults.status, extra)
            if faults.throttle_every and n % faults.throttle_every == 0:
                return _error(api, 429, retry)
        sub = path[len(api.prefix.rstrip("/")) :] or "/"
        response = api.handle(SandboxRequest(method, sub, query, headers, body))
        if faults is not None and faults.malformed and response.status < 400:
            cut = max(1, len(response.body) // 2)
            response = SandboxResponse(response.status, dict(response.headers), response.body[:cut])
        return response


def _under(path: str, prefix: str) -> bool:
    prefix = prefix.rstrip("/")
    return not prefix or path == prefix or path.startswith(prefix + "/")


_REASONS = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable", 504: "Gateway Timeout", 401: "Unauthorized",
            403: "Forbidden", 404: "Not Found"}  # fmt: skip


def _error(api: SandboxApi, status: int, headers: Mapping[str, str]) -> SandboxResponse:
    """An error in the API's own error format where it has one (`api.error`), else problem+JSON."""
    title = _REASONS.get(status, "Error")
    make = getattr(api, "error", None)
    response = make(status, title) if callable(make) else SandboxResponse.problem(status, title)
    response.headers.update(headers)
    return response


def _handler(box: Sandbox) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "OrderDeskSandbox/1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                response = box.serve(self.command, self.path, headers, body)
            except Exception as exc:  # a bug in a sandbox API: answer 500, keep serving
                response = SandboxResponse.problem(500, "Sandbox error", type(exc).__name__)
            try:
                self.send_response(response.status)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(response.body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up waiting (a "slow carrier")

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

        def log_message(self, format: str, *args: object) -> None:
            pass  # the Sandbox logs requests itself, without headers

    return Handler
