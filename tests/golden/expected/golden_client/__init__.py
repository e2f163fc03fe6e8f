# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit

"""A client library for accessing Golden API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
