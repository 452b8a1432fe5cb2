"""The wheel carries every package and the add-in: `find` cannot see packages whose import name
differs from their folder, so pyproject lists them, and this test keeps the list complete."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    listed = set(config["packages"])
    found = {
        ".".join(p.relative_to(ROOT).parent.parts)
        for p in (ROOT / "orderdesk").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    missing = sorted(found - listed)
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"
    assert {"orderdesk_addin", "orderdesk_udfs"} <= listed
    assert config["package-dir"] == {
        "orderdesk": "orderdesk",
        "orderdesk_addin": "addin",
        "orderdesk_udfs": "udfs",
    }
    data = config["package-data"]
    assert "*.xlam" in data["*"] and "vba/*.bas" in data["orderdesk_addin"]
