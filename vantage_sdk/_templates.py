"""Job templates: load from YAML/JSON, check client-side, merge submit overrides, build the request.

The checks read the contract's own schemas (``_generated/schemas.py``, written by the generator from
``openapi/vantage.yaml``), so a field added to ``JobSpec`` there is checked here without a change to
this module. They cover what the client can know without the server: required fields, JSON types,
non-empty lists and integer bounds. A field the client does not know is sent as it is, for the server
to judge (a newer server may accept it); value rules that need the server (patterns, cluster
existence) come back as a 422.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vantage_sdk._exceptions import ValidationError
from vantage_sdk._generated.models.job_submit_request import JobSubmitRequest
from vantage_sdk._validation import excerpt

__all__ = ["MAX_TEMPLATE_BYTES", "JobTemplate", "build_submit_request", "check_against_schema", "load_template_file"]

MAX_TEMPLATE_BYTES = 1024 * 1024
"""The largest template file read, and the most text a template may hold once its YAML aliases are
expanded (a 464-byte "billion laughs" expands to gigabytes)."""

JobTemplate = Mapping[str, Any] | JobSubmitRequest
"""A job template: a dict shaped like ``JobSubmitRequest`` (``name``, ``spec``, ...) or the model."""

Schemas = Mapping[str, Any]
_REF_PREFIX = "#/components/schemas/"
_EXPECTED = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
}


def _fail(path: str, problem: str, source: str | None) -> ValidationError:
    return ValidationError.for_field(path, problem, source=source)


def _resolve(schema: Mapping[str, Any], schemas: Schemas) -> Mapping[str, Any]:
    """Follow ``$ref`` and a one-element ``allOf`` (a reference with its own description) to the schema itself."""
    while True:
        if "$ref" in schema:
            schema = schemas[schema["$ref"].removeprefix(_REF_PREFIX)]
        elif len(schema.get("allOf", ())) == 1:
            schema = {**schema["allOf"][0], **{k: v for k, v in schema.items() if k != "allOf"}}
        else:
            return schema


def _expanded_size(value: Any, seen: dict[int, int], active: set[int]) -> int:
    """Characters of ``value`` with every shared part counted each time it appears (as JSON would send it)."""
    if isinstance(value, str):
        return len(value)
    if not isinstance(value, (Mapping, list, tuple)):
        return 8
    key = id(value)
    if key in seen:
        return seen[key]
    if key in active:
        raise ValueError("it contains itself")
    active.add(key)
    items = [x for pair in value.items() for x in pair] if isinstance(value, Mapping) else list(value)
    total = 2
    for item in items:
        total += _expanded_size(item, seen, active)
        if total > MAX_TEMPLATE_BYTES:
            break
    active.discard(key)
    seen[key] = total
    return total


def _check_size(raw: Any, source: str | None) -> None:
    """Refuse a template whose text, aliases expanded, is over ``MAX_TEMPLATE_BYTES`` (before any copy)."""
    try:
        size = _expanded_size(raw, {}, set())
    except RecursionError:
        problem = "is nested too deeply to be a job template"
    except ValueError as exc:
        problem = f"cannot be sent: {exc}"
    else:
        if size <= MAX_TEMPLATE_BYTES:
            return
        problem = f"holds more than {MAX_TEMPLATE_BYTES // 1024} KiB of text once its aliases are expanded"
    raise ValidationError(f"{source}: the template {problem}" if source else f"the template {problem}", source=source)


def _is_type(kind: str | None, value: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, Mapping)
    return True  # no type: anything


def _describe(kind: str | None, schema: Mapping[str, Any]) -> str:
    if kind == "array":
        item_kind = schema.get("items", {}).get("type")
        return f"a list of {item_kind}s" if item_kind in ("string", "integer", "number") else "a list"
    if kind == "object" and "properties" not in schema and isinstance(schema.get("additionalProperties"), Mapping):
        return f"a mapping of {schema['additionalProperties'].get('type', 'value')}s"
    return _EXPECTED.get(kind or "", "a JSON value")


def check_against_schema(
    path: str, schema: Mapping[str, Any], value: Any, schemas: Schemas, source: str | None = None
) -> Any:
    """``value`` checked against ``schema`` (an entry of ``schemas``, or a part of one); returns a checked copy.

    Args:
        path: The dotted path of the value, named in errors ("" for the whole template).
        schema: What the value must be.
        value: The value.
        schemas: Every component schema, for ``$ref``.
        source: The file the value came from, named in errors.

    Raises:
        ValidationError: A required field is missing, a value has the wrong JSON type, a list that
            must not be empty is, or an integer is out of bounds.

    Example:
        >>> from vantage_sdk._generated.schemas import SCHEMAS
        >>> check_against_schema("spec", SCHEMAS["JobSpec"], {"command": ["echo"], "gpu_type": "a100"}, SCHEMAS)
        {'command': ['echo'], 'gpu_type': 'a100'}
    """
    schema = _resolve(schema, schemas)
    kind = schema.get("type")
    if kind == "string" and schema.get("x-vantage-number-as-string") and _is_type("number", value):
        return str(value)  # YAML reads `cpu: 2` as a number; the API wants "2"
    if not _is_type(kind, value):
        if kind == "object":
            raise _fail(path or "template", f"must be a mapping, got {type(value).__name__}", source)
        raise _fail(path, f"must be {_describe(kind, schema)}, got {type(value).__name__} {excerpt(value)}", source)
    if kind == "array":
        items = schema.get("items", {})
        checked = [check_against_schema(f"{path}[{i}]", items, item, schemas, source) for i, item in enumerate(value)]
        if len(checked) < schema.get("minItems", 0):
            raise _fail(path, "must not be empty" if schema["minItems"] == 1 else "has too few items", source)
        return checked
    if kind == "integer" and (
        ("minimum" in schema and value < schema["minimum"]) or ("maximum" in schema and value > schema["maximum"])
    ):
        bounds = f"between {schema.get('minimum', '-inf')} and {schema.get('maximum', 'inf')}"
        raise _fail(path, f"must be {bounds}, got {value}", source)
    if kind == "object":
        return _check_object(path, schema, value, schemas, source)
    return value


def _check_object(
    path: str, schema: Mapping[str, Any], value: Mapping[Any, Any], schemas: Schemas, source: str | None
) -> dict[str, Any]:
    prefix = f"{path}." if path else ""
    properties: Mapping[str, Any] = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = str(key)
        if item is None and name in properties:
            continue  # an optional field left empty (`cluster:` in YAML) is left out
        if name in properties:
            out[name] = check_against_schema(prefix + name, properties[name], item, schemas, source)
        elif isinstance(extra, Mapping):
            out[name] = check_against_schema(prefix + name, extra, item, schemas, source)
        else:
            out[name] = item  # unknown here: sent for the server to judge
    for name in schema.get("required", ()):
        if name not in out:
            raise _fail(prefix + name, "is required", source)
    return out


def build_submit_request(
    template: JobTemplate,
    *,
    cluster: str | None = None,
    priority: int | None = None,
    env: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    source: str | None = None,
) -> JobSubmitRequest:
    """Check a template and apply submit overrides (``env``/``labels`` merge over the template's).

    Args:
        template: A dict or a ``JobSubmitRequest``.
        cluster: Run on this cluster instead of the template's.
        priority: Replace the template's priority.
        env: Environment overrides, merged over the template's ``env`` (the server merges the
            result over ``spec.env``).
        labels: Labels merged over the template's.
        source: The file the template came from, named in errors.

    Returns:
        The request to send.

    Raises:
        ValidationError: A field is missing or of the wrong type (a field this client does not
            know is sent as it is, for the server to judge).

    Example:
        >>> build_submit_request({"name": "my-job", "spec": {"command": ["echo", "hi"]}}, env={"A": "1"}).env["A"]
        '1'
    """
    from vantage_sdk._generated.schemas import SCHEMAS

    raw = template.to_dict() if isinstance(template, JobSubmitRequest) else template
    _check_size(raw, source)
    request = SCHEMAS["JobSubmitRequest"]
    data = check_against_schema("", request, raw, SCHEMAS, source)
    fields = request["properties"]
    overrides = {"cluster": cluster, "priority": priority, "env": env, "labels": labels}
    for key, value in overrides.items():
        if value is not None:
            checked = check_against_schema(key, fields[key], value, SCHEMAS)
            data[key] = {**data.get(key, {}), **checked} if key in ("env", "labels") else checked
    return JobSubmitRequest.from_dict(data)


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{source}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", source=source
        ) from exc


def _parse_yaml(text: str, source: str) -> Any:
    import yaml  # only templates read from files need PyYAML

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValidationError(f"{source}: invalid YAML{where}: {problem}", source=source) from exc


def load_template_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a YAML or JSON job template (JSON by a ``.json`` suffix, YAML otherwise).

    Args:
        path: The file.

    Returns:
        The parsed mapping (checked later by ``build_submit_request``).

    Raises:
        FileNotFoundError: No such file.
        ValidationError: The file is over ``MAX_TEMPLATE_BYTES``, does not parse, or is not a mapping;
            the error names the file.

    Example:
        >>> load_template_file("job-template.yaml")["name"]
        'my-job'
    """
    file = Path(path)
    source = str(path)
    with file.open("rb") as f:
        content = f.read(MAX_TEMPLATE_BYTES + 1)
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            f"{source}: larger than {MAX_TEMPLATE_BYTES // 1024} KiB, too large for a job template", source=source
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{source}: not UTF-8 text (byte {exc.start}: {exc.reason})", source=source) from exc
    try:
        data = _parse_json(text, source) if file.suffix.lower() == ".json" else _parse_yaml(text, source)
    except RecursionError as exc:
        raise ValidationError(f"{source}: nested too deeply to be a job template", source=source) from exc
    if not isinstance(data, dict):
        raise ValidationError(
            f"{source}: a job template must be a mapping with name and spec, got {type(data).__name__}", source=source
        )
    return data
