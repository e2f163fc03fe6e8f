# generated from openapi/vantage.yaml by `python -m generator`, do not edit
"""Contains methods for accessing the API"""
