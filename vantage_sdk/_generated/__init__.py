# generated from openapi/vantage.yaml by `python -m generator`, do not edit

"""A client library for accessing Vantage API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
