"""Actions: one function per ribbon button / CLI command.

An action reads what it needs from a `Register`, calls the domain, writes results back and
returns an `Outcome`. It never knows whether Excel is open.
"""
