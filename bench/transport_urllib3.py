"""Exploration: would an httpx transport over urllib3 make ``jobs.get`` cheaper than httpcore's?

OpenAPI Generator's Python client (urllib3 + pydantic) measured 0.64x raw httpx per call. This
script plugs a minimal ``httpx.BaseTransport`` over ``urllib3.PoolManager`` into the SDK's own
``VantageClient`` (through ``http_client=``) and compares, against one emulator on loopback:

* ``httpcore``: ``VantageClient`` as shipped (httpx's default transport);
* ``urllib3``: the same client over the urllib3 transport below;
* ``raw urllib3``: ``PoolManager.request`` + ``json.loads``, no httpx at all (the floor).

It reports the client's CPU per call (``time.process_time``; the emulator runs in its own process),
medians of ``--rounds`` interleaved rounds of ``--calls`` sequential calls. The transport is an
experiment, not shipped: see BENCHMARKS.md for what it would lose.

Run: ``.venv/bin/python bench/transport_urllib3.py [--calls 500] [--rounds 5]``. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Iterator

import httpx
import urllib3

from vantage_emulator.testing import run_emulator
from vantage_sdk import VantageClient


class _Body(httpx.SyncByteStream):
    def __init__(self, response: urllib3.BaseHTTPResponse) -> None:
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._response.stream(64 * 1024)
        except urllib3.exceptions.ReadTimeoutError as exc:
            raise httpx.ReadTimeout(str(exc)) from exc
        except urllib3.exceptions.ProtocolError as exc:
            raise httpx.ReadError(str(exc)) from exc

    def close(self) -> None:
        self._response.release_conn()


class Urllib3Transport(httpx.BaseTransport):
    """httpx requests sent by urllib3 (sync only: urllib3 has no async client)."""

    def __init__(self, maxsize: int = 20) -> None:
        self._pool = urllib3.PoolManager(maxsize=maxsize, retries=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        timeout = urllib3.Timeout(connect=timeouts.get("connect"), read=timeouts.get("read"))
        body = request.content if isinstance(request.stream, httpx.ByteStream) else request.stream
        try:
            response = self._pool.urlopen(
                request.method,
                str(request.url),
                body=body,
                headers=dict(request.headers),
                timeout=timeout,
                redirect=False,
                preload_content=False,
                decode_content=False,
            )
        except urllib3.exceptions.ConnectTimeoutError as exc:
            raise httpx.ConnectTimeout(str(exc), request=request) from exc
        except urllib3.exceptions.NewConnectionError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc
        except urllib3.exceptions.ReadTimeoutError as exc:
            raise httpx.ReadTimeout(str(exc), request=request) from exc
        except urllib3.exceptions.ProtocolError as exc:
            raise httpx.RemoteProtocolError(str(exc), request=request) from exc
        return httpx.Response(
            response.status, headers=list(response.headers.items()), stream=_Body(response), request=request
        )

    def close(self) -> None:
        self._pool.clear()


def cpu_per_call(call: Callable[[], object], calls: int) -> float:
    cpu = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - cpu) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with run_emulator() as emulator:
        common = {"api_key": emulator.api_key, "base_url": emulator.base_url, "organization": emulator.organization}
        with VantageClient(**common) as seed:
            job_id = seed.jobs.submit({"name": "bench", "spec": {"command": ["true"]}}).id
            seed.jobs.wait(job_id, timeout=120, poll_interval=0.2)
        shipped = VantageClient(**common)
        over_urllib3 = VantageClient(**common, http_client=httpx.Client(transport=Urllib3Transport()))
        pool = urllib3.PoolManager(maxsize=1, retries=False)
        headers = emulator.headers
        url = f"{emulator.base_url}/v1/jobs/{job_id}"

        def raw() -> object:
            return json.loads(pool.request("GET", url, headers=headers).data)

        contenders: dict[str, Callable[[], object]] = {
            "httpcore": lambda: shipped.jobs.get(job_id),
            "urllib3": lambda: over_urllib3.jobs.get(job_id),
            "raw urllib3": raw,
        }
        assert over_urllib3.jobs.get(job_id).id == shipped.jobs.get(job_id).id == raw()["id"]  # type: ignore[index]
        runs: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(args.rounds):
            for name, call in contenders.items():
                runs[name].append(cpu_per_call(call, args.calls))
    us = {name: statistics.median(values) * 1e6 for name, values in runs.items()}
    print(f"client CPU per jobs.get against the emulator, median of {args.rounds} rounds x {args.calls} calls:")
    for name, value in us.items():
        print(f"  {name:<12} {value:7.0f} us  ({value / us['httpcore']:.2f}x the shipped client)")
    print(json.dumps({"calls": args.calls, "rounds": args.rounds, "cpu_us": us}))


if __name__ == "__main__":
    main()
