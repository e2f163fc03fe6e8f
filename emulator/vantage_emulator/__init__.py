"""A local Vantage API emulator served from openapi/vantage.yaml (install the `emulator` extra).

Run it with `vantage-emulator` or `python -m vantage_emulator`; start it from tests
with `vantage_emulator.testing.run_emulator()` or the `vantage_emulator` pytest fixture.
"""

from __future__ import annotations

__all__: list[str] = []
