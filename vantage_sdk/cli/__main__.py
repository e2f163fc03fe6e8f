"""``python -m vantage_sdk.cli``: the same as the ``vantage`` command."""

from __future__ import annotations

from vantage_sdk.cli import main

if __name__ == "__main__":
    main()
