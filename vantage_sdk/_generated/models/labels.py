# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from typing import TypeAlias

Labels: TypeAlias = dict[str, str]
"""Free-form string labels.

A plain ``dict[str, str]``."""
