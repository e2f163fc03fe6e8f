"""Resource namespaces of the clients (``client.jobs``, ``client.clusters``, ``client.storage``).

Each module holds a sync class and its async twin side by side (``Jobs``/``AsyncJobs``). Modules
are imported on first use of the client attribute, so ``import vantage_sdk`` stays cheap.
"""

from __future__ import annotations

__all__: list[str] = []
