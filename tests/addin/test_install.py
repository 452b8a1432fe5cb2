"""`orderdesk addin install` / `uninstall` on Windows and macOS layouts (in a temp home), and
the explanation on Linux. The config file is read back as the add-in's VBA reads it: bytes in the
Windows ANSI code page, lines ended by CR or CR LF (VBA's `Line Input #`; a lone LF is not a line
end), fields in double quotes separated by a comma (`Input #`)."""

from __future__ import annotations

import re
import sys

import pytest
from orderdesk_addin import build, install

from orderdesk.cli import main


def vba_line_input(data: bytes, code_page: str) -> list[str]:
    """The lines VBA's `Line Input #` gives for a file's bytes: it reads up to a carriage
    return (Chr(13)) or a CR LF pair, which it drops; the bytes become text through the system's
    ANSI code page."""
    text = data.decode(code_page)
    lines = re.split(r"\r\n|\r", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def vba_config(data: bytes, code_page: str) -> dict[str, str]:
    """Key (lower-case, as xlwings' GetConfig compares) → value, the way `Input #` splits a
    line of two quoted fields."""
    out = {}
    for line in vba_line_input(data, code_page):
        fields = re.fullmatch(r'\s*"([^"]*)"\s*,\s*"([^"]*)"\s*', line)
        assert fields, f"not a line VBA reads as two fields: {line!r}"
        out[fields[1].lower()] = fields[2]
    return out


def windows_user(tmp_path, name: str):
    home = tmp_path / "Users" / name
    env = {"APPDATA": str(home / "AppData" / "Roaming")}
    python = home / "venv" / "Scripts" / "python.exe"
    python.parent.mkdir(parents=True)
    python.write_text("")
    (python.parent / "pythonw.exe").write_text("")
    return {"platform": "win32", "home": home, "env": env}, python


@pytest.fixture
def windows(tmp_path):
    return windows_user(tmp_path, "clerk")


def test_windows_install_puts_the_addin_in_xlstart_and_writes_the_config(windows):
    where, python = windows
    outcome = install.install(**where, executable=str(python), code_page="cp1252")
    home = where["home"]
    addin = home / "AppData/Roaming/Microsoft/Excel/XLSTART/OrderDesk.xlam"
    assert addin.read_bytes() == build.BUILT.read_bytes()
    config = home / ".orderdesk" / "orderdesk.conf"
    assert config.read_bytes() == (
        f'"Interpreter_Win","{python.parent / "pythonw.exe"}"\r\n"UDF Modules","orderdesk_udfs"\r\n'
    ).encode("cp1252")
    assert outcome.summary == f"installed the OrderDesk add-in for Excel: {addin}"


@pytest.mark.parametrize(("user", "code_page"), [("Jürgen", "cp1252"), ("张伟", "cp936")])
def test_a_non_ascii_profile_reads_back_in_vba_as_the_path(tmp_path, user, code_page):
    where, python = windows_user(tmp_path, user)
    install.install(**where, executable=str(python), code_page=code_page)
    data = (where["home"] / ".orderdesk" / "orderdesk.conf").read_bytes()
    assert vba_config(data, code_page) == {
        "interpreter_win": str(python.parent / "pythonw.exe"),
        "udf modules": "orderdesk_udfs",
    }
    assert user in vba_config(data, code_page)["interpreter_win"]


def test_the_vba_reading_rules_catch_what_the_old_config_got_wrong(tmp_path):
    """UTF-8 with LF line ends, as OrderDesk used to write it: VBA sees one line, and
    'Jürgen' garbled."""
    old = '"Interpreter_Win","C:\\Users\\Jürgen\\venv\\pythonw.exe"\n"UDF Modules","x"\n'
    data = old.encode("utf-8")
    assert len(vba_line_input(data, "cp1252")) == 1
    assert "Jürgen" not in vba_line_input(data, "cp1252")[0]
    with pytest.raises(AssertionError, match="not a line VBA reads"):
        vba_config(data, "cp1252")


def test_a_path_the_code_page_cannot_hold_is_refused_and_nothing_is_written(tmp_path):
    where, python = windows_user(tmp_path, "张伟")
    with pytest.raises(install.InstallError, match=r"cannot be written in .* \(cp1252\)"):
        install.install(**where, executable=str(python), code_page="cp1252")
    assert not (where["home"] / ".orderdesk").exists()
    assert not (where["home"] / "AppData").exists()


@pytest.mark.parametrize(
    ("code_page", "line"),
    [
        ("cp1252", '"PYTHONPATH","C:\\Users\\Jürgen\\lib"'),
        ("cp936", '"PYTHONPATH","C:\\Users\\张伟\\lib"'),
    ],
)
def test_an_existing_ansi_config_is_kept_byte_for_byte(windows, code_page, line):
    """xlwings writes ~/.xlwings/xlwings.conf in the ANSI code page; a user may have copied
    lines from it. Not UTF-8: reading it as UTF-8 used to crash."""
    where, python = windows
    config = where["home"] / ".orderdesk" / "orderdesk.conf"
    config.parent.mkdir(parents=True)
    theirs = line.encode(code_page) + b"\r\n" + b'"Show Console","True"'  # no final line end
    with pytest.raises(UnicodeDecodeError):
        theirs.decode("utf-8")
    config.write_bytes(b'"Interpreter_Win","C:\\old\\python.exe"\r\n' + theirs)
    install.install(**where, executable=str(python), code_page=code_page)
    data = config.read_bytes()
    assert data.startswith(theirs + b"\r\n")
    read = vba_config(data, code_page)
    assert read["pythonpath"] == line.split(",")[1].strip('"')
    assert read["interpreter_win"] == str(python.parent / "pythonw.exe")
    install.uninstall(**where)
    assert config.read_bytes() == theirs + b"\r\n"


def test_install_keeps_other_settings_and_uninstall_reverses_it(windows):
    where, python = windows
    config = where["home"] / ".orderdesk" / "orderdesk.conf"
    config.parent.mkdir(parents=True)
    config.write_bytes(b'"Show Console","True"\r\n"Interpreter_Win","C:\\old\\python.exe"\r\n')
    install.install(**where, executable=str(python), code_page="cp1252")
    install.install(**where, executable=str(python), code_page="cp1252")  # twice: one entry each
    lines = vba_line_input(config.read_bytes(), "cp1252")
    assert lines[0] == '"Show Console","True"' and len(lines) == 3
    outcome = install.uninstall(**where)
    assert outcome.summary == "removed the OrderDesk add-in"
    assert not (where["home"] / "AppData/Roaming/Microsoft/Excel/XLSTART/OrderDesk.xlam").exists()
    assert config.read_bytes() == b'"Show Console","True"\r\n'
    assert install.uninstall(**where).summary.startswith("the OrderDesk add-in was not installed")


def test_the_code_page_is_windows_own_on_windows(monkeypatch):
    monkeypatch.setattr(install.locale, "getencoding", lambda: "cp936")
    assert install.config_format("win32") == install.ConfigFormat("cp936", b"\r\n")
    assert install.config_format("darwin") == install.ConfigFormat("utf-8", b"\n")


def test_macos_install_uses_excels_startup_folder_and_sandbox(tmp_path):
    home = tmp_path / "clerk"
    install.install(platform="darwin", home=home, env={}, executable="/opt/venv/bin/python")
    startup = home / "Library/Group Containers/UBF8T346G9.Office/User Content.localized"
    assert (startup / "Startup.localized/Excel/OrderDesk.xlam").exists()
    config = home / "Library/Containers/com.microsoft.Excel/Data/OrderDesk.conf"
    assert config.read_bytes() == (
        b'"Interpreter_Mac","/opt/venv/bin/python"\n"UDF Modules","orderdesk_udfs"\n'
    )  # as xlwings writes it on a Mac: UTF-8, LF
    install.uninstall(platform="darwin", home=home, env={})
    assert not config.exists()


def test_linux_explains_where_excel_runs(capsys, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["addin", "install"]) == 0
    out = capsys.readouterr().out
    assert "Excel runs on Windows or macOS" in out and str(build.BUILT) in out
    assert main(["addin", "uninstall"]) == 0
