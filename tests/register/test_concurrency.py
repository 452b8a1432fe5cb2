"""Two OrderDesk runs on one workbook at once, as two real processes: both results end up in the
file, or the one that could not save says so and wrote nothing. And what the save's last checks
catch: a save by someone else during OrderDesk's write, a lock file that appears meanwhile, a run
killed during the backup, temporary files a killed run left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from orderdesk.adapters import workbook_safety as safety
from orderdesk.adapters.file_register import FileRegister
from orderdesk.ports import ChangedOnDisk, WorkbookLocked
from orderdesk.schema import ApprovalLog, Issues, Orders, Scorecard
from tests.quotes.conftest import CIF, EXW, QUOTE_DAY, cells, quote_register, run

__all__ = ["quote_register"]  # the quote tests' register, as a fixture here too

EXW_QUOTE = EXW


def orderdesk(*args: str | Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "orderdesk", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ORDERDESK_TODAY": QUOTE_DAY.isoformat(),
        "ORDERDESK_JOURNAL_DIR": str(tmp_path / "profile"),
        "ORDERDESK_LOCK_WAIT": "120",  # a busy 2-core machine: the first run may take a while
    }


@pytest.fixture
def priced(quote_register: Path, capsys) -> Path:
    for quote in (CIF, EXW_QUOTE):
        code, out, err = run(capsys, "quote", "price", quote_register, "--quote", quote)
        assert code == 0, out + err
    return quote_register


def both(a: subprocess.Popen[str], b: subprocess.Popen[str]) -> list[tuple[int, str, str]]:
    results = []
    for p in (a, b):
        out, err = p.communicate(timeout=600)
        assert "Traceback" not in err, err
        results.append((p.returncode, out, err))
    return results


def test_two_approvals_of_different_quotes_at_once_both_land(priced: Path, env) -> None:
    first = orderdesk("quote", "approve", priced, "--quote", CIF, "--user", "lwei", env=env)
    second = orderdesk("quote", "approve", priced, "--quote", EXW_QUOTE, "--user", "lwei", env=env)
    results = both(first, second)
    logged = {(r[ApprovalLog.quote_id], r[ApprovalLog.user]) for r in cells(priced, ApprovalLog)}
    for quote, (code, out, err) in zip((CIF, EXW_QUOTE), results, strict=True):
        if code == 0:
            assert f"{quote} version 1: approved at level 1" in out, out
            assert (quote, "lwei") in logged  # reported done: it is in the file
        else:  # refused, saying so, and nothing of it is in the file
            assert code == 2 and "nothing was written" in err, (code, out, err)
            assert (quote, "lwei") not in logged
    assert any(code == 0 for code, _, _ in results)
    verify = subprocess.run(
        [sys.executable, "-m", "orderdesk", "quote", "verify-log", str(priced)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_validate_and_supplier_scoring_at_once_keep_both_sheets(env, tmp_path: Path) -> None:
    path = tmp_path / "Sample.xlsx"
    made = subprocess.run(
        [sys.executable, "-m", "orderdesk", "new-register", str(path), "--sample-orders", "30"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert made.returncode == 0, made.stderr
    validate = orderdesk("validate", path, env=env)
    score = orderdesk("suppliers", "score", path, env=env)
    results = both(validate, score)
    wb = load_workbook(path)
    codes = [code for code, _, _ in results]
    assert all(c in (0, 1, 2) for c in codes), results
    if codes[0] in (0, 1):  # reported done: Validate's results are in the file
        assert wb[Issues.sheet].max_row > 3
        assert any(c.value for c in next(iter(wb[Orders.sheet].iter_cols(min_col=2, max_col=2))))
    else:
        assert "nothing was written" in results[0][2]
    if codes[1] in (0, 1):  # and the scorecard, not left empty by the other save
        rows = list(wb[Scorecard.sheet].iter_rows(values_only=True))
        assert sum(1 for r in rows if any(v is not None for v in r)) > 5
    else:
        assert "nothing was written" in results[1][2]
    assert codes != [2, 2]


def test_a_second_run_waits_for_the_first_and_reads_what_it_saved(priced: Path, env) -> None:
    """The first run holds the workbook from its read; the second says it waits, then works on
    the saved file: both approvals are in it, in one chain."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from orderdesk.actions.context import RunContext\n"
            "from orderdesk.actions.quotes import approve_quote\n"
            "from orderdesk.adapters.file_register import FileRegister\n"
            "reg = FileRegister(sys.argv[1], user='lwei', hold=True)\n"
            "print('read', flush=True)\n"
            "sys.stdin.readline()\n"
            "approve_quote(RunContext.of(reg), sys.argv[2])\n"
            "reg.close()\n"
            "print('saved', flush=True)\n",
            str(priced),
            CIF,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline().strip() == "read"
    second = orderdesk("quote", "approve", priced, "--quote", EXW_QUOTE, "--user", "lwei", env=env)
    assert second.stderr is not None
    waiting = second.stderr.readline()
    assert "is in use by another OrderDesk run (process" in waiting
    holder.stdin.write("go\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "saved"
    holder.wait(timeout=60)
    out, err = second.communicate(timeout=600)
    assert second.returncode == 0, out + err
    logged = [(r[ApprovalLog.seq], r[ApprovalLog.quote_id]) for r in cells(priced, ApprovalLog)]
    assert logged == [(1, CIF), (2, EXW_QUOTE)]


def test_a_second_run_that_waits_too_long_is_refused_and_names_the_holder(
    make_register, monkeypatch, capsys
) -> None:
    path = make_register({Orders: [{Orders.order_id: "SO-1", Orders.customer: "CU-1"}]})
    before = path.read_bytes()
    holder = FileRegister(path, hold=True)
    try:
        monkeypatch.setenv("ORDERDESK_LOCK_WAIT", "0.3")
        code, _out, err = run(capsys, "validate", path)
    finally:
        holder.close()
    assert code == 2
    assert f"is in use by another OrderDesk run (process {os.getpid()} on" in err
    assert "nothing was written" in err
    assert path.read_bytes() == before
    code, _, _ = run(capsys, "validate", path)  # released: the next run works
    assert code in (0, 1)


def _register(make_register) -> tuple[Path, FileRegister]:
    path = make_register({Orders: [{Orders.order_id: "SO-1", Orders.customer: "CU-1"}]})
    reg = FileRegister(path)
    reg.update(Orders, {("SO-1",): {Orders.check: "checked"}})
    return path, reg


def test_a_save_by_someone_else_during_the_write_is_not_overwritten(
    make_register, monkeypatch
) -> None:
    path, reg = _register(make_register)
    theirs = b"PK their save"
    real = safety.atomic_write

    def during(target, write, **kw):  # the other user's save lands while OrderDesk writes
        def slow(tmp):
            write(tmp)
            path.write_bytes(theirs)

        return real(target, slow, **kw)

    monkeypatch.setattr(safety, "atomic_write", during)
    with pytest.raises(ChangedOnDisk, match="nothing was written"):
        reg.save()
    assert path.read_bytes() == theirs
    assert not list((path.parent / safety.BACKUP_DIR).glob("*.xlsx"))  # no needless backup


def test_a_lock_file_that_appears_during_the_save_stops_it(make_register, monkeypatch) -> None:
    path, reg = _register(make_register)
    before = path.read_bytes()
    real = safety.atomic_write

    def during(target, write, **kw):
        def slow(tmp):
            write(tmp)
            path.with_name("~$" + path.name).write_bytes(b"user")  # Excel opens it meanwhile

        return real(target, slow, **kw)

    monkeypatch.setattr(safety, "atomic_write", during)
    with pytest.raises(WorkbookLocked, match=r"~\$Register\.xlsx"):
        reg.save()
    assert path.read_bytes() == before


def test_a_kill_during_the_backup_leaves_no_truncated_backup(make_register, monkeypatch) -> None:
    path, reg = _register(make_register)
    for _ in range(5):  # five good backups already
        safety.backup(path)
    real_copy = safety.shutil.copy2

    def killed(src, dst, *a, **kw):
        Path(dst).write_bytes(Path(src).read_bytes()[:100])  # half a copy, then the kill
        raise KeyboardInterrupt

    monkeypatch.setattr(safety.shutil, "copy2", killed)
    with pytest.raises(KeyboardInterrupt):
        reg.save()
    monkeypatch.setattr(safety.shutil, "copy2", real_copy)
    backups = safety._backups(path)
    assert len(backups) == 5
    for b in backups:  # every one a whole workbook
        with zipfile.ZipFile(b) as zf:
            assert zf.testzip() is None
    folder = path.parent / safety.BACKUP_DIR
    assert sorted(p.name for p in folder.iterdir()) == sorted(b.name for b in backups)


def test_temporary_files_of_killed_runs_are_removed(make_register) -> None:
    path, reg = _register(make_register)
    dead = path.with_name(f".{path.stem}.orderdesk-999999999-1{path.suffix}")
    dead.write_bytes(b"half a workbook")
    other = path.with_name(f".Other.orderdesk-999999999-1{path.suffix}")
    other.write_bytes(b"another file's")
    reg.save()
    assert not dead.exists()
    assert other.exists()  # not this workbook's: left alone
    assert load_workbook(path)[Orders.sheet]["A2"].value == "SO-1"
