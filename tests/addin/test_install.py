"""`orderdesk addin install` / `uninstall` on Windows and macOS layouts (in a temp home), and
the explanation on Linux."""

from __future__ import annotations

import sys

import pytest
from orderdesk_addin import build, install

from orderdesk.cli import main


@pytest.fixture
def windows(tmp_path):
    home = tmp_path / "Users" / "clerk"
    env = {"APPDATA": str(home / "AppData" / "Roaming")}
    python = home / "venv" / "Scripts" / "python.exe"
    python.parent.mkdir(parents=True)
    python.write_text("")
    (python.parent / "pythonw.exe").write_text("")
    return {"platform": "win32", "home": home, "env": env}, python


def test_windows_install_puts_the_addin_in_xlstart_and_writes_the_config(windows):
    where, python = windows
    outcome = install.install(**where, executable=str(python))
    home = where["home"]
    addin = home / "AppData/Roaming/Microsoft/Excel/XLSTART/OrderDesk.xlam"
    assert addin.read_bytes() == build.BUILT.read_bytes()
    config = home / ".orderdesk" / "orderdesk.conf"
    assert config.read_text(encoding="utf-8").splitlines() == [
        f'"Interpreter_Win","{python.parent / "pythonw.exe"}"',
        '"UDF Modules","orderdesk_udfs"',
    ]
    assert outcome.summary == f"installed the OrderDesk add-in for Excel: {addin}"


def test_install_keeps_other_settings_and_uninstall_reverses_it(windows):
    where, python = windows
    config = where["home"] / ".orderdesk" / "orderdesk.conf"
    config.parent.mkdir(parents=True)
    config.write_text('"Show Console","True"\n"Interpreter_Win","C:\\old\\python.exe"\n')
    install.install(**where, executable=str(python))
    install.install(**where, executable=str(python))  # twice: still one entry each
    lines = config.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '"Show Console","True"' and len(lines) == 3
    outcome = install.uninstall(**where)
    assert outcome.summary == "removed the OrderDesk add-in"
    assert not (where["home"] / "AppData/Roaming/Microsoft/Excel/XLSTART/OrderDesk.xlam").exists()
    assert config.read_text(encoding="utf-8") == '"Show Console","True"\n'
    assert install.uninstall(**where).summary.startswith("the OrderDesk add-in was not installed")


def test_macos_install_uses_excels_startup_folder_and_sandbox(tmp_path):
    home = tmp_path / "clerk"
    install.install(platform="darwin", home=home, env={}, executable="/opt/venv/bin/python")
    startup = home / "Library/Group Containers/UBF8T346G9.Office/User Content.localized"
    assert (startup / "Startup.localized/Excel/OrderDesk.xlam").exists()
    config = home / "Library/Containers/com.microsoft.Excel/Data/OrderDesk.conf"
    assert '"Interpreter_Mac","/opt/venv/bin/python"' in config.read_text(encoding="utf-8")
    install.uninstall(platform="darwin", home=home, env={})
    assert not config.exists()


def test_linux_explains_where_excel_runs(capsys, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["addin", "install"]) == 0
    out = capsys.readouterr().out
    assert "Excel runs on Windows or macOS" in out and str(build.BUILT) in out
    assert main(["addin", "uninstall"]) == 0
