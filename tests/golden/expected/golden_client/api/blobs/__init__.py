# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit
"""Contains endpoint functions for accessing the API"""
