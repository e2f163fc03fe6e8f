"""The TypeScript SDK's generated folder: openapi-typescript types plus the hint and shape tables.

`sdks/typescript/src/generated/` holds three modules, each headed "generated, do not edit":

- `schema.ts`: the contract's types (`paths`, `components`, `operations`), written by
  openapi-typescript (the exact version in `sdks/typescript/package-lock.json`) from the overlaid contract.
- `operations.ts`: per operation, its method, path and the overlays' SDK hints (retry safety,
  pagination, streaming), plus which schema its JSON request and response bodies have.
- `shapes.ts`: per object schema, each wire (snake_case) property's camelCase name and the schema of
  its value, so the SDK renames the API's fields and never the keys of free-form maps (env, labels).
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._build import ROOT, display_path, overlaid_document, sync_tree
from ._hints import PAGINATION, RETRY_SAFE, STREAM, place_hints
from ._spec import GenerationError

__all__ = ["TYPESCRIPT_OUTPUT", "generate_typescript"]

TYPESCRIPT_PACKAGE = ROOT / "sdks" / "typescript"
TYPESCRIPT_OUTPUT = TYPESCRIPT_PACKAGE / "src" / "generated"
_METHODS = ("get", "put", "post", "delete", "patch")
_REF_PREFIX = "#/components/schemas/"


def generate_typescript(
    spec: Path, overlays: Sequence[Path], *, output: Path = TYPESCRIPT_OUTPUT, check: bool
) -> list[str]:
    """Regenerate (or with `check`, compare) the TypeScript generated folder; return the differing files."""
    document, provenance = overlaid_document(spec, overlays)
    data = document.data
    operations = _operations(data)  # read before place_hints moves the hints onto the responses
    place_hints(data, document, provenance)  # only for its checks: the same errors as the Python run
    header = f"// generated from {document.display} by `python -m generator`, do not edit\n"
    with tempfile.TemporaryDirectory(prefix="vantage-generator-ts-") as tmp:
        fresh = Path(tmp) / "generated"
        fresh.mkdir()
        source = Path(tmp) / "vantage.json"
        source.write_text(json.dumps(data, indent=1, sort_keys=False), encoding="utf-8")
        schema = fresh / "schema.ts"
        _run_openapi_typescript(source, schema)
        schema.write_text(header + schema.read_text(encoding="utf-8"), encoding="utf-8")
        (fresh / "operations.ts").write_text(header + _operations_module(operations), encoding="utf-8")
        (fresh / "shapes.ts").write_text(header + _shapes_module(data), encoding="utf-8")
        return sync_tree(fresh, output, write=not check)


def _run_openapi_typescript(source: Path, target: Path) -> None:
    binary = TYPESCRIPT_PACKAGE / "node_modules" / ".bin" / "openapi-typescript"
    if not binary.exists():
        raise GenerationError(f"{display_path(binary)} is missing (run `make ts-install`, i.e. `npm ci` there)")
    result = subprocess.run(
        [str(binary), str(source), "--output", str(target)],
        capture_output=True,
        text=True,
        check=False,
        cwd=TYPESCRIPT_PACKAGE,
    )
    if result.returncode != 0 or not target.exists():
        message = " ".join((result.stderr or result.stdout).split())[:500]
        raise GenerationError(f"openapi-typescript failed: {message}")


def camel(name: str) -> str:
    """`next_page_token` -> `nextPageToken` (the same rule as the SDK's `CamelCase` type)."""
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)


def _ref_name(node: Any) -> str | None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
            return ref[len(_REF_PREFIX) :]
        all_of = node.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1:
            return _ref_name(all_of[0])
    return None


def _json_schema_of(content: Any) -> str | None:
    media = (content or {}).get("application/json") if isinstance(content, dict) else None
    return _ref_name(media.get("schema")) if isinstance(media, dict) else None


def _resolve(data: dict[str, Any], node: Any) -> Any:
    ref = node.get("$ref") if isinstance(node, dict) else None
    if isinstance(ref, str) and ref.startswith("#/"):
        node = data
        for part in ref[2:].split("/"):
            node = node[part]
    return node


def _operations(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path, item in (data.get("paths") or {}).items():
        for method in _METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            body = _resolve(data, op.get("requestBody")) or {}
            responses = op.get("responses") or {}
            success = [_resolve(data, r) for code, r in sorted(responses.items()) if str(code).startswith("2")]
            response_schema = next((s for s in (_json_schema_of(r.get("content")) for r in success) if s), None)
            pagination = op.get(PAGINATION)
            found[op["operationId"]] = {
                "method": method.upper(),
                "path": path,
                "retrySafe": bool(op.get(RETRY_SAFE, False)),
                "pagination": {camel(k): v for k, v in sorted(pagination.items())} if pagination else None,
                "stream": op.get(STREAM),
                "requestShape": _json_schema_of(body.get("content")),
                "responseShape": response_schema,
            }
    return dict(sorted(found.items()))


def _operations_module(operations: dict[str, dict[str, Any]]) -> str:
    lines = [
        "/** Each operation's method, path, SDK hints (overlays/) and JSON body schemas. */",
        "export const operations = {",
    ]
    for name, op in operations.items():
        lines.append(f"  {name}: {json.dumps(op, sort_keys=True)},")
    lines += ["} as const;", "", "export type OperationId = keyof typeof operations;", ""]
    return "\n".join(lines)


def _child_shape(data: dict[str, Any], node: Any, synthetic: str, shapes: dict[str, Any]) -> str | None:
    """The shape name for a property's value (arrays are transparent), or None when it has no fields."""
    name = _ref_name(node)
    if name is not None:
        target = data["components"]["schemas"][name]
        return name if isinstance(target, dict) and target.get("properties") else None
    if not isinstance(node, dict):
        return None
    if node.get("type") == "array":
        return _child_shape(data, node.get("items"), synthetic, shapes)
    if node.get("properties"):
        _add_shape(data, synthetic, node, shapes)
        return synthetic
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and (_ref_name(extra) or extra.get("properties")):
        raise GenerationError(f"{synthetic}: maps of objects are not supported by the TypeScript shapes")
    return None


def _add_shape(data: dict[str, Any], name: str, schema: dict[str, Any], shapes: dict[str, Any]) -> None:
    fields: dict[str, list[Any]] = {}
    for prop, node in (schema.get("properties") or {}).items():
        fields[prop] = [camel(prop), _child_shape(data, node, f"{name}_{camel(prop)}", shapes)]
    shapes[name] = fields


def _shapes_module(data: dict[str, Any]) -> str:
    shapes: dict[str, Any] = {}
    for name, schema in (data.get("components", {}).get("schemas") or {}).items():
        if isinstance(schema, dict) and schema.get("properties"):
            _add_shape(data, name, schema, shapes)
    lines = [
        "/** Per object schema: wire property -> [camelCase name, schema of its value or null]. */",
        "export type Shape = Readonly<Record<string, readonly [string, string | null]>>;",
        "",
        "export const shapes: Readonly<Record<string, Shape>> = {",
    ]
    for name in sorted(shapes):
        lines.append(f"  {name}: {json.dumps(shapes[name], sort_keys=True)},")
    lines += ["};", ""]
    return "\n".join(lines)
