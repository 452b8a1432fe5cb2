"""Validate saves the same bytes in every process: nothing in a save follows Python's hash seed
(a set of style ids once did, and the register's new styles came in another order per run, so a
re-run showed the workbook as changed to the user's backup or version control)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "SampleRegister.xlsx"


def test_validate_writes_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    copies = {seed: tmp_path / f"seed-{seed}" / SAMPLE.name for seed in ("1", "2", "4242")}
    procs = []
    for seed, path in copies.items():
        path.parent.mkdir()
        shutil.copyfile(SAMPLE, path)
        env = {
            **os.environ,
            "PYTHONHASHSEED": seed,
            "ORDERDESK_TODAY": "2026-06-01",
            "ORDERDESK_JOURNAL_DIR": str(path.parent / "profile"),
        }
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "orderdesk", "validate", str(path)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 1, out + err  # the sample's planted errors: found and saved
    saved = [path.read_bytes() for path in copies.values()]
    assert saved[0] != SAMPLE.read_bytes()  # the Issues sheet and the marks were written
    assert saved[0] == saved[1] == saved[2]
