# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from typing import TypeAlias

JobSubmitRequestEnv: TypeAlias = dict[str, str]
"""Environment overrides merged over `spec.env` (at most 256, each value up to 32 KiB).

A plain ``dict[str, str]``."""
