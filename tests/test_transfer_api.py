"""The transfer engine's API adapters (``vantage_sdk._transfer._api``) where only a mock server can
show the behaviour; everything else about them runs end to end in ``tests/resources/test_storage.py``."""

from __future__ import annotations

import httpx
import pytest

from vantage_sdk import VantageClient
from vantage_sdk._transfer._api import SyncAPIBackend
from vantage_sdk._transfer._checksum import Checksum
from vantage_sdk.exceptions import ConflictError


def test_completion_waits_for_a_join_still_running_and_scales_its_timeout() -> None:
    """A retried completion can find the first one still joining (409 upload_completing): the SDK
    polls until the server returns the file. Only a mock can hold a join open on demand."""
    answers = [409, 409, 201]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status = answers.pop(0)
        if status == 409:
            return httpx.Response(
                409,
                json={"type": "about:blank", "title": "Conflict", "status": 409, "code": "upload_completing"},
            )
        return httpx.Response(201, json={"path": "/big.bin", "name": "big.bin", "type": "file", "size": 1})

    http = httpx.Client(transport=httpx.MockTransport(handler), base_url="http://emulator.test")
    with VantageClient(api_key="k", base_url="http://emulator.test", http_client=http) as sdk:
        backend = SyncAPIBackend(sdk._core)
        sdk._core.runner.sleep = lambda seconds: None
        info = backend.complete_session("upl-1", 10 * 1024**3, Checksum(sha256="0" * 64))
    assert info.path == "/big.bin" and not answers
    assert len({r.headers["Idempotency-Key"] for r in seen}) == 1, "every poll is the same completion"
    read_timeout = seen[0].extensions["timeout"]["read"]
    assert read_timeout > 500, "10 GiB get minutes to be joined, not the default 60 s"

    other = httpx.Client(
        transport=httpx.MockTransport(
            lambda r: httpx.Response(409, json={"title": "Conflict", "status": 409, "code": "missing_parts"})
        ),
        base_url="http://emulator.test",
    )
    with VantageClient(api_key="k", base_url="http://emulator.test", http_client=other) as sdk:
        with pytest.raises(ConflictError) as error:
            SyncAPIBackend(sdk._core).complete_session("upl-1", 1, Checksum(sha256="0" * 64))
    assert error.value.code == "missing_parts"
