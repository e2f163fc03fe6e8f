# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit
"""Contains methods for accessing the API"""
