"""OrderDesk: Python behind an export company's Excel order register."""

__version__ = "0.1.0"
