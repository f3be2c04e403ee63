"""Monitor: watch each country's ties with the powers and alert when they shift (see docs/monitor.md)."""
