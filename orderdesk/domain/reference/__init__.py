"""Offline reference data: the trade's vocabulary, shipped inside packages, never downloaded."""
