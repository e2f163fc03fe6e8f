"""Operation handlers, one module per spec tag: `handlers.<tag>.<operationId>`.

Each returns a starlette response (so the content type is always explicit) or
raises `ApiProblem`; the caller is `core.current()`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

__all__ = ["json_response"]


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """An `application/json` response."""
    return Response(
        json.dumps(data, separators=(",", ":")).encode(),
        status_code=status,
        headers=dict(headers or {}),
        media_type="application/json",
    )
