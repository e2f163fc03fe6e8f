# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from typing import TypeAlias

CreateUploadRequestMetadata: TypeAlias = dict[str, str]
"""User metadata stored with the file (at most 64 entries, each value up to 1024 characters).

A plain ``dict[str, str]``."""
