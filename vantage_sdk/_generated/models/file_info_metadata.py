# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from typing import TypeAlias

FileInfoMetadata: TypeAlias = dict[str, str]
"""User metadata.

A plain ``dict[str, str]``."""
