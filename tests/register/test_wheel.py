"""What `pip install orderdesk` ships: every module and data file the code reads at run time.

An editable install hides a missing package-data pattern; a wheel does not. This builds the wheel
and compares it with the source tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"orderdesk": "orderdesk", "addin": "orderdesk_addin", "udfs": "orderdesk_udfs"}


def _expected() -> set[str]:
    files = set()
    for folder, name in PACKAGES.items():
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                files.add(f"{name}/{path.relative_to(ROOT / folder).as_posix()}")
    return files


def test_the_wheel_holds_every_module_and_data_file(tmp_path: Path) -> None:
    # pip builds in the source folder (setuptools leaves build/ and egg-info there): build a copy.
    src = tmp_path / "src"
    junk = shutil.ignore_patterns(".*", "build", "*.egg-info", "demo-out", "__pycache__")
    shutil.copytree(ROOT, src, ignore=junk)
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(src)],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    # An install is quiet: setuptools has nothing to warn about in pyproject.toml (pip's own
    # notes about this machine's package indexes are not ours, and are not looked at).
    said = build.stdout + build.stderr
    warnings = [w for w in ("BuildBackendWarning", "SetuptoolsDeprecationWarning") if w in said]
    assert warnings == [], said
    wheel = next(tmp_path.glob("orderdesk-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        shipped = {n for n in zf.namelist() if not n.startswith("orderdesk-")}
    missing = sorted(_expected() - shipped)
    assert missing == [], f"not in the wheel: {missing}"
    assert "orderdesk_addin/OrderDesk.xlam" in shipped
