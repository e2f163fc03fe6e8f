# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from typing import TypeAlias

JobSpecEnv: TypeAlias = dict[str, str]
"""Environment variables for the command (at most 256, each value up to 32 KiB).

A plain ``dict[str, str]``."""
