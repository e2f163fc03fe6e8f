"""Applying OpenAPI Overlay 1.0 documents (JSONPath `target` + `update` / `remove` actions) to the contract."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ._spec import Document, GenerationError

__all__ = ["Origin", "Provenance", "apply_overlays"]

_ACTION_KEYS = {"target", "description", "update", "remove"}


@dataclass(frozen=True)
class Origin:
    """The overlay action that set a value, so later checks can name it."""

    overlay: Document
    index: int

    def error(self, message: str) -> GenerationError:
        """A GenerationError about this action."""
        target = self.overlay.data["actions"][self.index]["target"]
        return self.overlay.error(["actions", self.index], f"(target {target}) {message}")


@dataclass
class Provenance:
    """Which overlay action last set each key of each object of the overlaid contract (by object identity)."""

    origins: dict[tuple[int, str], Origin] = field(default_factory=dict)

    def of(self, node: dict[str, Any], key: str) -> Origin | None:
        """The action that set `node[key]`, or None when it comes from the contract itself."""
        return self.origins.get((id(node), key))

    def record(self, node: dict[str, Any], key: str, origin: Origin) -> None:
        """Remember that `origin` set `node[key]`."""
        self.origins[(id(node), key)] = origin


def apply_overlays(spec: Any, overlays: Sequence[Document]) -> Provenance:
    """Apply `overlays` in order to `spec` in place; raise GenerationError naming the action that fails."""
    from jsonpath_ng.ext import parse

    provenance = Provenance()
    for overlay in overlays:
        for index, action in enumerate(_actions(overlay)):
            origin = Origin(overlay, index)
            try:
                expression = parse(action["target"])
            except Exception as err:  # jsonpath-ng raises its own errors and bare Exceptions for bad expressions
                raise overlay.error(["actions", index, "target"], f"invalid JSONPath: {err}") from None
            matches = expression.find(spec)
            if not matches:
                raise origin.error("matched nothing in the contract")
            if action.get("remove") is True:
                _remove(matches)
                continue
            update = action["update"]
            for match in matches:
                _update(match.value, update, provenance, origin)
    return provenance


def _actions(overlay: Document) -> list[dict[str, Any]]:
    data = overlay.data
    if not isinstance(data, dict) or not str(data.get("overlay", "")).startswith("1."):
        raise overlay.error(["overlay"], "not an OpenAPI Overlay 1.x document (expected `overlay: 1.0.0`)")
    info = data.get("info")
    if not isinstance(info, dict) or not isinstance(info.get("title"), str) or "version" not in info:
        raise overlay.error(["info"], "`info` needs a `title` and a `version`")
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        raise overlay.error(["actions"], "`actions` must be a non-empty list")
    for index, action in enumerate(actions):
        keys: list[str | int] = ["actions", index]
        if not isinstance(action, dict):
            raise overlay.error(keys, "an action must be a mapping")
        unknown = sorted(k for k in action if k not in _ACTION_KEYS and not str(k).startswith("x-"))
        if unknown:
            raise overlay.error(keys, f"unknown action field(s) {', '.join(map(str, unknown))}")
        if not isinstance(action.get("target"), str) or not action["target"].startswith("$"):
            raise overlay.error(keys, "`target` must be a JSONPath expression starting with `$`")
        if "remove" in action and not isinstance(action["remove"], bool):
            raise overlay.error([*keys, "remove"], "`remove` must be true or false")
        if action.get("remove") is not True and "update" not in action:
            raise overlay.error(keys, "an action needs `update` or `remove: true`")
    return actions


def _update(target: Any, update: Any, provenance: Provenance, origin: Origin) -> None:
    if isinstance(target, list):
        target.append(copy.deepcopy(update))
        return
    if not isinstance(target, dict) or not isinstance(update, dict):
        raise origin.error("`update` must be a mapping when the target is an object")
    for key, value in update.items():
        current = target.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            _update(current, value, provenance, origin)
        elif isinstance(current, list) and isinstance(value, list):
            current.extend(copy.deepcopy(value))
        else:
            target[key] = copy.deepcopy(value)
        provenance.record(target, key, origin)


def _remove(matches: Sequence[Any]) -> None:
    from jsonpath_ng import Fields, Index

    removals: list[tuple[Any, Any]] = []  # (container, key or index)
    for match in matches:
        parent = match.context.value if match.context is not None else None
        if isinstance(match.path, Fields) and isinstance(parent, dict):
            removals.extend((parent, name) for name in match.path.fields)
        elif isinstance(match.path, Index) and isinstance(parent, list):
            removals.extend((parent, index) for index in match.path.indices)
    # Remove list items from the highest index down so earlier removals do not shift later ones.
    for container, key in sorted(removals, key=lambda item: item[1] if isinstance(item[1], int) else -1, reverse=True):
        if isinstance(container, dict):
            container.pop(key, None)
        elif key < len(container):
            del container[key]
