"""Python SDK for the Vantage job platform API (placeholder until the client layer lands)."""

from __future__ import annotations

__all__: list[str] = []
