"""API keys are read from the environment, sent in headers, and appear nowhere else: not in the
workbook (or its backups), not in the command's output, not in a log — failures included."""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from orderdesk.cli import main
from orderdesk.sandbox import server as sandbox_server
from tests.tracking.registers import tracking_register

KEYS = {
    "ORDERDESK_MAEU_KEY": "Consumer-Key: maeu-SECRET-7f3a9c",
    "ORDERDESK_MSCU_KEY": "mscu-SECRET-91bc02",
    "ORDERDESK_DHL_KEY": "dhl-SECRET-55e0d1",
}
SECRETS = ("maeu-SECRET-7f3a9c", "mscu-SECRET-91bc02", "dhl-SECRET-55e0d1")


def texts_of(folder: Path) -> dict[str, str]:
    """Every file under the folder, workbooks unzipped part by part."""
    out: dict[str, str] = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    out[f"{path.name}:{name}"] = z.read(name).decode("utf-8", "replace")
        else:
            out[str(path)] = path.read_bytes().decode("utf-8", "replace")
    return out


def test_no_key_in_the_workbook_the_output_or_a_log(
    make_register: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    for var, value in KEYS.items():
        monkeypatch.setenv(var, value)
    path = tracking_register(make_register)
    received: list[sandbox_server.Received] = []
    real = sandbox_server.Sandbox.stop

    def keep_log(self: sandbox_server.Sandbox) -> None:
        received.extend(self.received)
        real(self)

    monkeypatch.setattr(sandbox_server.Sandbox, "stop", keep_log)
    caplog.set_level(logging.DEBUG)
    # a clean run, then one where MSCU fails (so error messages are printed), in both output forms
    assert main(["sync", "tracking", str(path), "--sandbox"]) == 0
    main(
        [
            "sync",
            "tracking",
            str(path),
            "--sandbox",
            "--include-delivered",
            "--fault",
            "dcsa/MSCU:status=500,retry_after=0",
        ]
    )
    main(["sync", "tracking", str(path), "--sandbox", "--json", "--fault", "dhl:status=401"])
    printed = capsys.readouterr()
    assert "MSCU failed" in printed.out and "HTTP 500" in printed.out

    # the keys were really used, each in its carrier's header ...
    maeu = [r for r in received if r.path.startswith("/dcsa/MAEU")]
    assert maeu and all(r.headers["consumer-key"] == "maeu-SECRET-7f3a9c" for r in maeu)
    assert all(
        r.headers["authorization"] == "Bearer mscu-SECRET-91bc02"
        for r in received
        if r.path.startswith("/dcsa/MSCU")
    )
    assert all(
        r.headers["dhl-api-key"] == "dhl-SECRET-55e0d1"
        for r in received
        if r.path.startswith("/dhl")
    )
    # ... and appear nowhere a person or a file can see
    files = texts_of(path.parent)
    assert any("OrderDesk backups" in name or name.startswith("Register.xlsx:") for name in files)
    for secret in SECRETS:
        for name, text in files.items():
            assert secret not in text, f"{secret} in {name}"
        assert secret not in printed.out and secret not in printed.err
        assert secret not in caplog.text
    assert len(files) > 1  # the workbook and at least one backup were looked at


def test_a_missing_key_names_the_variable_not_a_value(
    make_register: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from orderdesk.actions.context import RunContext
    from orderdesk.actions.tracking import SyncOptions, sync_tracking
    from orderdesk.adapters.file_register import FileRegister
    from orderdesk.cli.tracking import carrier_urls
    from orderdesk.sandbox.server import Sandbox

    path = tracking_register(make_register)
    with Sandbox(path) as box:
        urls = carrier_urls(box.url, {"MAEU": "dcsa", "MSCU": "dcsa", "DHL": "dhl"})
        env = {"ORDERDESK_MAEU_KEY": "k1", "ORDERDESK_MSCU_KEY": "k2"}  # no DHL key
        outcome = sync_tracking(
            RunContext.of(FileRegister(path)),
            options=SyncOptions(base_urls=urls, env=env, sleep=lambda s: None),
        )
        assert not box.requests_to("dhl")  # nothing sent without a key
    line = next(d for d in outcome.details if d.startswith("DHL"))
    assert "set the environment variable ORDERDESK_DHL_KEY" in line
    assert [f["shipment_id"] for f in outcome.data["failed"]] == ["SH-5"]
