"""OrderDesk worksheet functions (import name `orderdesk_udfs`), loaded by xlwings' UDF server."""
