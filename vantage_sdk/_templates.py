"""Job templates: load from YAML/JSON, check client-side, merge submit overrides, build the request.

Checks cover what the client can know without the server: required fields, unknown fields and
JSON types. Value rules that need the server (patterns, cluster existence) come back as a 422.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vantage_sdk._exceptions import ValidationError
from vantage_sdk._generated.models.job_submit_request import JobSubmitRequest
from vantage_sdk._validation import check_int, excerpt

__all__ = ["MAX_TEMPLATE_BYTES", "JobTemplate", "build_submit_request", "load_template_file"]

MAX_TEMPLATE_BYTES = 1024 * 1024
"""The largest template file read, and the most text a template may hold once its YAML aliases are
expanded (a 464-byte "billion laughs" expands to gigabytes)."""

JobTemplate = Mapping[str, Any] | JobSubmitRequest
"""A job template: a dict shaped like ``JobSubmitRequest`` (``name``, ``spec``, ...) or the model."""

# field -> (kind, required); kinds: str, int, str_list, str_map, and nested tables.
_RESOURCES: dict[str, tuple[Any, bool]] = {
    "cpu": ("quantity", False),
    "memory": ("quantity", False),
    "gpu": ("int", False),
}
_SPEC: dict[str, tuple[Any, bool]] = {
    "image": ("str", False),
    "command": ("str_list", True),
    "env": ("str_map", False),
    "resources": (_RESOURCES, False),
    "working_dir": ("str", False),
    "timeout_seconds": ("int", False),
}
_TEMPLATE: dict[str, tuple[Any, bool]] = {
    "name": ("str", True),
    "spec": (_SPEC, True),
    "labels": ("str_map", False),
    "cluster": ("str", False),
    "priority": ("int", False),
    "env": ("str_map", False),
}


def _fail(path: str, problem: str, source: str | None) -> ValidationError:
    return ValidationError.for_field(path, problem, source=source)


def _check_value(path: str, kind: Any, value: Any, source: str | None) -> Any:
    if isinstance(kind, dict):
        return _check_object(path, kind, value, source)
    if kind == "str" and isinstance(value, str):
        return value
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "quantity" and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        # YAML turns `cpu: 2` into an int; the API wants the string "2".
        return str(value)
    if kind == "str_list" and isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise _fail(f"{path}[{i}]", f"must be a string, got {type(item).__name__} {excerpt(item)}", source)
        if not value:
            raise _fail(path, "must not be empty", source)
        return list(value)
    if kind == "str_map" and isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(item, str):
                raise _fail(f"{path}.{key}", f"must be a string, got {type(item).__name__} {excerpt(item)}", source)
            out[str(key)] = item
        return out
    expected = {
        "str": "a string",
        "int": "an integer",
        "quantity": "a string such as '2' or '4Gi'",
        "str_list": "a list of strings",
        "str_map": "a mapping of strings",
    }[kind]
    raise _fail(path, f"must be {expected}, got {type(value).__name__} {excerpt(value)}", source)


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


def _check_object(path: str, table: dict[str, tuple[Any, bool]], value: Any, source: str | None) -> dict[str, Any]:
    prefix = f"{path}." if path else ""
    if not isinstance(value, Mapping):
        raise _fail(path or "template", f"must be a mapping, got {type(value).__name__}", source)
    unknown = sorted(str(k) for k in value if k not in table)
    if unknown:
        raise _fail(prefix + unknown[0][:60], f"is not a known field (expected one of {', '.join(table)})", source)
    out: dict[str, Any] = {}
    for name, (kind, required) in table.items():
        if name in value and value[name] is not None:
            out[name] = _check_value(prefix + name, kind, value[name], source)
        elif required:
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
        ValidationError: A field is missing, unknown or of the wrong type.

    Example:
        >>> build_submit_request({"name": "my-job", "spec": {"command": ["echo", "hi"]}}, env={"A": "1"}).env["A"]
        '1'
    """
    raw = template.to_dict() if isinstance(template, JobSubmitRequest) else template
    _check_size(raw, source)
    data = _check_object("", _TEMPLATE, raw, source)
    overrides = _check_object(
        "",
        {k: _TEMPLATE[k] for k in ("cluster", "env", "labels")},
        {"cluster": cluster, "env": env, "labels": labels},
        None,
    )
    if priority is not None:
        data["priority"] = check_int("priority", priority, minimum=-1000, maximum=1000)
    if "cluster" in overrides:
        data["cluster"] = overrides["cluster"]
    for key in ("env", "labels"):
        if key in overrides:
            data[key] = {**data.get(key, {}), **overrides[key]}
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
