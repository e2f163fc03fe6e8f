# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from typing import TypeAlias

Labels: TypeAlias = dict[str, str]
"""Free-form string labels (at most 64).

A plain ``dict[str, str]``."""
