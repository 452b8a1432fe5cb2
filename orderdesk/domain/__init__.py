"""The domain: pure Python. No xlwings, no openpyxl, no HTTP, no user files.

It takes and returns pydantic models, Decimals, dates and pandas DataFrames. Reference data that
ships inside installed packages (ISO codes, HS 2022, ECB rates) is read here as vocabulary: it is
static, offline and the same on every machine, so it is not an outside system.
"""
