"""``VantageClient`` and ``AsyncVantageClient``: the public clients, composed from the core and the resources.

Configuration, the connection pool and retries live in ``vantage_sdk._base_client``; this module
only adds the resource namespaces. Each resource module is imported on first use of its property,
so creating a client stays cheap.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from vantage_sdk._base_client import AsyncAPIClient, SyncAPIClient

if TYPE_CHECKING:
    from vantage_sdk.resources.clusters import AsyncClusters, Clusters
    from vantage_sdk.resources.jobs import AsyncJobs, Jobs
    from vantage_sdk.resources.storage import AsyncStorage, Storage

__all__ = ["AsyncVantageClient", "VantageClient"]


class VantageClient(SyncAPIClient):
    """The synchronous Vantage client.

    Each setting is taken, highest first, from: the **arguments**; the **environment**
    (``VANTAGE_API_KEY``, ``VANTAGE_BASE_URL``, ``VANTAGE_ORGANIZATION``, ``VANTAGE_LOG`` for
    ``debug``); the **profile** (``profile=``, else ``VANTAGE_PROFILE``, else ``default`` when the
    file has one) of ``~/.config/vantage/config.toml``, the file the ``vantage`` command reads
    (``$XDG_CONFIG_HOME/vantage/config.toml``, or ``VANTAGE_CONFIG``); the **defaults**.

    Args:
        api_key: The organization's API key (required, here or in ``VANTAGE_API_KEY``).
        base_url: The API's base URL (default ``https://api.vantage.omnivector.solutions``).
        organization: The organization to act for (``X-Vantage-Organization``).
        timeout: Seconds per attempt, an ``httpx.Timeout``, or None for none (default 60 s, 10 s to connect).
            It bounds the whole answer, not each socket read: a body still arriving after ``timeout``
            (its ``read`` part) fails the attempt with a timeout, however steadily it trickles.
        max_retries: Retries after the first attempt for failures that may pass (default 2).
        debug: Log every request and response under the ``vantage_sdk`` logger.
        verify: TLS verification: True (default), False, a CA bundle path or an ``ssl.SSLContext``.
        http_client: Your own ``httpx.Client`` (proxies, transports, certificates); you close it. Its
            ``base_url`` wins when set (else ours is set on it), its timeout applies unless ``timeout=``
            is given, auth headers go on each request, and the SDK adds its logging and response-limit event hooks.
        max_response_bytes: The largest JSON, plain-text or error body read (default 32 MiB); a
            larger success body raises ``UnexpectedResponseError``, an error body is cut there.
        profile: The profile of the configuration file to read (``api_key``, ``base_url``,
            ``organization``, ``timeout``, ``max_retries``).
        default_headers: Headers sent with every request.

    Every method also takes ``timeout=``, ``extra_headers=``, ``extra_query=`` and, where a JSON
    body is sent, ``extra_body=`` for that call only; ``client.<resource>.with_raw_response.<method>``
    returns the HTTP response (``.parse()`` gives the usual result).

    Raises:
        VantageError: No API key was found, or the named profile is not in the file (or the file is broken).
        ValidationError: An argument is out of range.

    Example:
        >>> with VantageClient(api_key="your-api-key", organization="your-org-id") as client:
        ...     job = client.jobs.get("job-3f9a1c2b7d4e", timeout=5)
        >>> prod = VantageClient(profile="prod")  # the `vantage --profile prod` settings
        >>> raw = prod.jobs.with_raw_response.get("job-3f9a1c2b7d4e")
    """

    @cached_property
    def jobs(self) -> Jobs:
        """Jobs: list, submit, get, logs, cancel, wait.

        Example:
            >>> client.jobs.list(status="running")
        """
        from vantage_sdk.resources.jobs import Jobs

        return Jobs(self._core)

    @cached_property
    def clusters(self) -> Clusters:
        """Clusters: list, get, scale.

        Example:
            >>> client.clusters.get("gpu-cluster")
        """
        from vantage_sdk.resources.clusters import Clusters

        return Clusters(self._core)

    @cached_property
    def storage(self) -> Storage:
        """Files: list, upload, download, delete.

        Example:
            >>> client.storage.upload_string("Hello World!", "/datasets/hello.txt")
        """
        from vantage_sdk.resources.storage import Storage

        return Storage(self._core)


class AsyncVantageClient(AsyncAPIClient):
    """The asynchronous Vantage client: the same arguments and resources as ``VantageClient``.

    Example:
        >>> async with AsyncVantageClient(api_key="your-key") as client:
        ...     job = await client.jobs.get("job-3f9a1c2b7d4e")
    """

    @cached_property
    def jobs(self) -> AsyncJobs:
        """Jobs: list, submit, get, logs, cancel, wait (awaitable; iterators are ``async for``).

        Example:
            >>> await client.jobs.list(status="running")
        """
        from vantage_sdk.resources.jobs import AsyncJobs

        return AsyncJobs(self._core)

    @cached_property
    def clusters(self) -> AsyncClusters:
        """Clusters: list, get, scale (awaitable).

        Example:
            >>> await client.clusters.get("gpu-cluster")
        """
        from vantage_sdk.resources.clusters import AsyncClusters

        return AsyncClusters(self._core)

    @cached_property
    def storage(self) -> AsyncStorage:
        """Files: list, upload, download, delete (awaitable).

        Example:
            >>> await client.storage.upload_string("Hello World!", "/datasets/hello.txt")
        """
        from vantage_sdk.resources.storage import AsyncStorage

        return AsyncStorage(self._core)
