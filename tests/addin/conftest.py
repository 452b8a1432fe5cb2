"""oletools 0.60.2 uses pyparsing names that pyparsing now warns about on import: not ours."""

from __future__ import annotations


def pytest_configure(config):
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:oletools.*")
