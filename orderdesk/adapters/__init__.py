"""Adapters: the register (file, live), outside systems, reference files, PDF output."""
