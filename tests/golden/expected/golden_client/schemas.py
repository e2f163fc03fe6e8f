# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit
"""The component schemas of the contract (validation keywords only), as the SDK's client-side checks read them.

A `$ref` names another entry as `#/components/schemas/<Name>`."""

from typing import Any

SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object",
        "required": ["title", "status"],
        "properties": {"title": {"type": "string"}, "status": {"type": "integer"}},
    },
    "Color": {"type": "string", "enum": ["red", "green", "blue"]},
    "Widget": {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "color", "parent"],
        "properties": {
            "id": {"type": "string"},
            "color": {"$ref": "#/components/schemas/Color"},
            "parent": {"$ref": "#/components/schemas/Parent"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "made_at": {"type": "string"},
        },
    },
    "Parent": {"type": "object", "nullable": True, "required": ["id"], "properties": {"id": {"type": "string"}}},
    "WidgetCreate": {
        "type": "object",
        "additionalProperties": False,
        "required": ["color"],
        "properties": {"color": {"$ref": "#/components/schemas/Color"}},
    },
    "WidgetPage": {
        "type": "object",
        "additionalProperties": False,
        "required": ["widgets", "more", "next_cursor"],
        "properties": {
            "widgets": {"type": "array", "items": {"$ref": "#/components/schemas/Widget"}},
            "more": {"type": "boolean"},
            "next_cursor": {"type": "string", "nullable": True},
        },
    },
}
