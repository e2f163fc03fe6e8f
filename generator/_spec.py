"""Loading YAML documents and validating the OpenAPI contract, with errors that name the file and the place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = ["Document", "GenerationError", "load_document", "place", "validate_spec"]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAX_MESSAGE = 200
_DUPLICATE_OPERATION_ID = re.compile(r"Operation ID '.*' for '(?P<method>\w+)' in '(?P<path>.*)' is not unique")


class GenerationError(Exception):
    """Bad input for the generator; the message is one line naming the file and the place."""


@dataclass
class Document:
    """A parsed YAML file that remembers where each node came from, to report errors by line."""

    display: str
    data: Any
    root: yaml.Node

    def line_of(self, keys: Sequence[str | int]) -> int | None:
        """The 1-based line of the entry at `keys`, or of its nearest existing ancestor (None for the root)."""
        node: yaml.Node = self.root
        line: int | None = None
        for key in keys:
            found = _child(node, key)
            if found is None:
                break
            line, node = found
        return line

    def error(self, keys: Sequence[str | int], message: str) -> GenerationError:
        """A GenerationError for `message` at `keys` of this document."""
        line = self.line_of(keys)
        where = f"{self.display}:{line}" if line is not None else self.display
        return GenerationError(f"{where}: {place(self._mapping_keys_as_str(keys)) or '(document)'}: {message}")

    def _mapping_keys_as_str(self, keys: Sequence[str | int]) -> list[str | int]:
        # Validators report a response code such as '200' as the int 200; show it as a key, not an index.
        normalized: list[str | int] = []
        node: Any = self.data
        for key in keys:
            if isinstance(node, dict):
                key = str(key)
                node = node.get(key, node.get(int(key)) if key.isdigit() else None)
            elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                node = node[key]
            else:
                node = None
            normalized.append(key)
        return normalized


def _child(node: yaml.Node, key: str | int) -> tuple[int, yaml.Node] | None:
    """The line of the entry `key` of `node` (a mapping entry's line is its key's) and the entry's value."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if str(key_node.value) == str(key):
                return key_node.start_mark.line + 1, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        item: yaml.Node = node.value[key]
        return item.start_mark.line + 1, item
    return None


def place(keys: Sequence[str | int]) -> str:
    """A readable path such as `paths./v1/jobs.get.parameters[0]`."""
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


def load_document(path: Path, display: str) -> Document:
    """Read and parse the YAML file at `path`; `display` is how errors name it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise GenerationError(f"{display}: cannot read: {err.strerror}") from None
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{display}:{mark.line + 1}:{mark.column + 1}" if mark else display
        raise GenerationError(f"{where}: invalid YAML: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise GenerationError(f"{display}: invalid YAML: {err}") from None
    finally:
        loader.dispose()
    if root is None:
        raise GenerationError(f"{display}: the file is empty")
    return Document(display=display, data=data, root=root)


def validate_spec(document: Document) -> None:
    """Raise GenerationError for the first problem openapi-spec-validator finds in an OpenAPI 3.0 document."""
    from openapi_spec_validator.validation import OpenAPIV30SpecValidator
    from referencing.exceptions import Unresolvable

    data = document.data
    if not isinstance(data, dict) or not str(data.get("openapi", "")).startswith("3.0."):
        raise document.error(["openapi"], "not an OpenAPI 3.0.x document (expected `openapi: 3.0.x`)")
    try:
        error = next(iter(OpenAPIV30SpecValidator(data).iter_errors()), None)
    except Unresolvable as err:
        ref = getattr(err, "ref", None) or str(err).split("'")[1]
        reference = ref if ref.startswith("#") else f"#{ref}"
        raise document.error(_find_ref(data, reference) or [], f"$ref {reference!r} points to nothing") from None
    if error is None:
        return
    while error.context:
        error = max(error.context, key=lambda sub: len(sub.absolute_path))
    keys: list[str | int] = list(error.absolute_path)
    duplicate = _DUPLICATE_OPERATION_ID.match(error.message)
    if not keys and duplicate:  # the validator reports this one without a path
        keys = ["paths", duplicate["path"], duplicate["method"], "operationId"]
    raise document.error(keys, _short_message(error.message, error.instance))


def _short_message(message: str, instance: object) -> str:
    first = message.splitlines()[0] if message else "invalid"
    if isinstance(instance, dict | list) and first[:1] in "{[":
        # jsonschema starts with a dump of the whole offending object; the place already names it.
        cut = first.find(" is not ")
        first = "this object" + first[cut:] if cut >= 0 else first
    return first if len(first) <= _MAX_MESSAGE else first[: _MAX_MESSAGE - 3] + "..."


def _find_ref(node: Any, ref: str, keys: tuple[str | int, ...] = ()) -> list[str | int] | None:
    if isinstance(node, dict):
        if node.get("$ref") == ref:
            return [*keys, "$ref"]
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return None
    for key, value in items:
        found = _find_ref(value, ref, (*keys, key))
        if found is not None:
            return found
    return None
