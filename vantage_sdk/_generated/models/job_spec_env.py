# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from typing import TypeAlias

JobSpecEnv: TypeAlias = dict[str, str]
"""Environment variables for the command.

A plain ``dict[str, str]``."""
