"""Forward compatibility, driven by the spec: every enum of openapi/vantage.yaml, at every place a model holds
it, parses a value this client does not know (kept as a plain string) and keeps its known values; every model
keeps fields it does not know, at every nesting level. Through the generated models and through the client."""

from __future__ import annotations

import copy
import importlib
import pickle
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
import yaml

from vantage_sdk import VantageClient
from vantage_sdk._generated import models

SPEC = yaml.safe_load((Path(__file__).resolve().parent.parent / "openapi" / "vantage.yaml").read_text())
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
NEW = "brand-new-value"
UNKNOWN_FIELD = {"field_from_the_future": {"nested": [1, "two"]}}


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while True:
        if "$ref" in schema:
            schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
        elif len(schema.get("allOf", ())) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def enum_places(name: str, schema: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Paths (property names, "[]" for a list item) from the object schema `name` to each enum it holds."""
    schema = resolve(schema)
    if "enum" in schema:
        yield path
    elif schema.get("type") == "array":
        yield from enum_places(name, schema["items"], (*path, "[]"))
    elif schema.get("type") == "object" and not path:
        for prop, sub in schema.get("properties", {}).items():
            yield from enum_places(name, sub, (prop,))


def model_schemas() -> list[str]:
    return [name for name, schema in SCHEMAS.items() if schema.get("type") == "object" and schema.get("properties")]


def enum_at(name: str, path: tuple[str, ...]) -> dict[str, Any]:
    schema = resolve(SCHEMAS[name])
    for step in path:
        schema = resolve(schema["items"] if step == "[]" else schema["properties"][step])
    return schema


def instance(schema: dict[str, Any], extra: bool, enum_value: str | None = None) -> Any:
    """A value of `schema` with every optional field set, `enum_value` for enums, unknown fields if `extra`."""
    schema = resolve(schema)
    if "enum" in schema:
        return enum_value if enum_value is not None else schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        value = {prop: instance(sub, extra, enum_value) for prop, sub in schema["properties"].items()}
        return {**value, **UNKNOWN_FIELD} if extra else value
    if kind == "object":
        return {"key": "value"}
    if kind == "array":
        return [instance(schema["items"], extra, enum_value)]
    if kind == "string":
        return "2024-01-01T00:00:00+00:00" if schema.get("format") == "date-time" else "text"
    return {"integer": 1, "number": 0.5, "boolean": True}[kind]


def model_class(name: str) -> Any:
    return getattr(models, name)


def attribute(model: Any, field: str) -> str:
    """The Python attribute of a JSON field (the generator renames ones such as `type` to `type_`)."""
    names = attrs.fields_dict(type(model))
    return field if field in names else f"{field}_"


def read(value: Any, path: tuple[str, ...]) -> list[Any]:
    """The values at `path` in a parsed model (every item of a list)."""
    found = [value]
    for step in path:
        found = [item for v in found for item in v] if step == "[]" else [getattr(v, attribute(v, step)) for v in found]
    return found


def literal_of(schema_name: str, path: tuple[str, ...]) -> Any:
    """The generated Literal type of the enum at `path` (named by the schema it comes from, else inline)."""
    prop = SCHEMAS[schema_name]["properties"][path[0]]
    ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
    enum_name = ref.rsplit("/", 1)[1] if ref else schema_name + "".join(p.title() for p in path[0].split("_"))
    module = re.sub(r"(?<!^)(?=[A-Z])", "_", enum_name).lower()
    return getattr(importlib.import_module(f"vantage_sdk._generated.models.{module}"), enum_name)


PLACES = [(name, path) for name in model_schemas() for path in enum_places(name, SCHEMAS[name])]
ENUMS = {name: schema["enum"] for name, schema in SCHEMAS.items() if "enum" in schema} | {
    f"{name}.{'.'.join(path)}": enum_at(name, path)["enum"] for name, path in PLACES
}


def test_the_spec_walk_finds_the_enums() -> None:
    # Every enum schema of the spec is either held by a model (checked below) or only a query parameter.
    held = {id(enum_at(name, path)) for name, path in PLACES}
    parameters_only = {name for name, s in SCHEMAS.items() if "enum" in s and id(s) not in held}
    assert PLACES and parameters_only <= {"JobInclude", "ClusterInclude"}


@pytest.mark.parametrize(("name", "path"), PLACES, ids=[f"{n}.{'.'.join(p)}" for n, p in PLACES])
def test_an_unknown_enum_value_parses_as_a_plain_string(name: str, path: tuple[str, ...]) -> None:
    data = instance(SCHEMAS[name], extra=False, enum_value=NEW)
    model = model_class(name).from_dict(data)
    assert read(model, path) and all(v == NEW and type(v) is str for v in read(model, path))
    assert model.to_dict() == data


@pytest.mark.parametrize(("name", "path"), PLACES, ids=[f"{n}.{'.'.join(p)}" for n, p in PLACES])
def test_known_enum_values_stay_members_of_the_enum(name: str, path: tuple[str, ...]) -> None:
    known = typing.get_args(literal_of(name, path))
    assert sorted(known) == sorted(enum_at(name, path)["enum"])
    for value in enum_at(name, path)["enum"]:
        parsed = read(model_class(name).from_dict(instance(SCHEMAS[name], extra=False, enum_value=value)), path)
        assert parsed and all(v == value and v in known for v in parsed)


@pytest.mark.parametrize("name", model_schemas())
def test_unknown_fields_are_kept_at_every_level(name: str) -> None:
    data = instance(SCHEMAS[name], extra=True)
    model = model_class(name).from_dict(data)
    assert model.additional_properties == UNKNOWN_FIELD
    assert model["field_from_the_future"] == UNKNOWN_FIELD["field_from_the_future"]
    assert model.to_dict() == data  # nested models kept theirs too
    assert model_class(name).from_dict(data) == model


@pytest.mark.parametrize("how", ["pickle", "copy", "deepcopy"])
@pytest.mark.parametrize("name", model_schemas())
def test_models_compare_equal_after_pickle_and_copy(name: str, how: str) -> None:
    model = model_class(name).from_dict(instance(SCHEMAS[name], extra=True, enum_value=NEW))
    clone = {"pickle": lambda m: pickle.loads(pickle.dumps(m)), "copy": copy.copy, "deepcopy": copy.deepcopy}[how]
    assert clone(model) == model
    assert repr(clone(model)) == repr(model)


# Through the public client: every list and get of the API, with every enum it returns set to a new value.
def _serve(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    job = instance(SCHEMAS["Job"], extra=True, enum_value=NEW)
    cluster = instance(SCHEMAS["Cluster"], extra=True, enum_value=NEW)
    file = instance(SCHEMAS["FileInfo"], extra=True, enum_value=NEW)
    bodies = {
        "/v1/jobs": {"items": [job, job], "has_next": False, "next_page_token": None},
        "/v1/clusters": {"items": [cluster]},
        "/v1/storage/files": {"items": [file], "has_next": False, "next_page_token": None},
        "/v1/storage/metadata": file,
    }
    body = bodies.get(path) or (cluster if path.startswith("/v1/clusters/") else job)
    return httpx.Response(200, json=body)


def test_the_client_reads_unknown_values_and_fields() -> None:
    http = httpx.Client(transport=httpx.MockTransport(_serve))
    with VantageClient(api_key="k", base_url="http://vantage.test", http_client=http) as client:
        job = client.jobs.get("job-1")
        assert (job.status, job["field_from_the_future"]) == (NEW, UNKNOWN_FIELD["field_from_the_future"])
        assert job.spec.additional_properties == UNKNOWN_FIELD and job.logs[0].stream == NEW
        page = client.jobs.list()
        assert [j.status for j in page.items] == [NEW, NEW]
        cluster = client.clusters.get("local")
        assert (cluster.status, cluster.provider, cluster.nodes[0].status) == (NEW, NEW, NEW)
        assert [c.provider for c in client.clusters.list()] == [NEW]
        assert [f.type_ for f in client.storage.list("/")] == [NEW]
