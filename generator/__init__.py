"""Spec-first code generation: `python -m generator` turns openapi/vantage.yaml into vantage_sdk/_generated/."""

from __future__ import annotations

from ._build import generate, render
from ._spec import GenerationError

__all__ = ["GenerationError", "generate", "render"]
