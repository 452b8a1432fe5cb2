"""A local HTTP server on 127.0.0.1 that speaks the outside systems' wire formats (DCSA Track &
Trace, DHL Unified tracking, Berlin Group NextGenPSD2) with data consistent with a register, and
can be told to misbehave. For the demo and tests; never a real endpoint."""
