"""Client set-up: the seed's "Client Initialization" section, runnable.

Reads VANTAGE_API_KEY, VANTAGE_BASE_URL and VANTAGE_ORGANIZATION from the environment:

    VANTAGE_API_KEY=emulator-key VANTAGE_BASE_URL=http://127.0.0.1:8080 python examples/client_setup.py
"""

from __future__ import annotations

import asyncio
import logging
import os

import httpx

from vantage_sdk import AsyncVantageClient, VantageClient


def main() -> None:
    # Basic initialization: every argument given explicitly.
    client = VantageClient(
        api_key=os.environ["VANTAGE_API_KEY"],
        base_url=os.environ["VANTAGE_BASE_URL"],
        organization=os.environ.get("VANTAGE_ORGANIZATION"),
    )
    print(f"basic: {client!r}")  # the repr never shows the API key
    client.close()

    # With custom configuration; base_url and organization come from the environment.
    # debug=True logs one line per request on the `vantage_sdk` logger (stderr by default).
    client = VantageClient(
        api_key=os.environ["VANTAGE_API_KEY"],
        timeout=60,
        max_retries=3,
        debug=True,
    )
    print(f"custom: timeout={client.timeout.read}s max_retries={client.max_retries}")
    clusters = client.clusters.list()
    print(f"custom: {len(clusters)} clusters (see the debug line above on stderr)")
    logging.getLogger("vantage_sdk").setLevel(logging.WARNING)

    # Everything from the environment, as a context manager that closes the connection pool.
    with VantageClient() as env_client:
        print(f"from the environment: {env_client.base_url} organization={env_client.organization}")

        # A copy with other settings that shares the connection pool; the original is unchanged.
        patient = env_client.with_options(timeout=300, max_retries=5)
        print(f"with_options: max_retries {patient.max_retries} (original {env_client.max_retries})")

    # Your own httpx client (proxies, custom CA bundles, transports); you close it yourself.
    with httpx.Client(base_url=os.environ["VANTAGE_BASE_URL"], timeout=30) as http:
        own = VantageClient(http_client=http)
        print(f"own httpx client: {len(own.clusters.list())} clusters")

    client.close()

    # The async client takes the same arguments; `async with` closes its pool.
    async def use_async_client() -> None:
        async with AsyncVantageClient(max_retries=3) as async_client:
            clusters = await async_client.clusters.list()
            print(f"async: {async_client!r} sees {len(clusters)} clusters")

    asyncio.run(use_async_client())


if __name__ == "__main__":
    main()
