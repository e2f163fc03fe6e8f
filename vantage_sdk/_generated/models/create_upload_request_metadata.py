# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from typing import TypeAlias

CreateUploadRequestMetadata: TypeAlias = dict[str, str]
"""User metadata stored with the file.

A plain ``dict[str, str]``."""
