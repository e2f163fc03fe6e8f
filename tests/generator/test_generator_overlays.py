"""Overlay 1.0 application: update, remove, and errors that name the overlay file and action."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import GenerationError
from generator._overlay import apply_overlays
from generator._spec import Document, load_document

HEADER = "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n"


def _overlay(tmp_path: Path, text: str, name: str = "hints.yaml") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path, name)


def _actions(tmp_path: Path, actions: str, name: str = "hints.yaml") -> Document:
    return _overlay(tmp_path, HEADER + actions, name)


def _spec() -> dict[str, Any]:
    return {
        "paths": {
            "/a": {"get": {"operationId": "get_a", "tags": ["x"]}, "post": {"operationId": "post_a"}},
            "/b": {"get": {"operationId": "get_b", "parameters": [{"name": "p1"}, {"name": "p2"}, {"name": "p3"}]}},
        },
        "internal": {"secret": 1, "keep": 2},
    }


def test_update_merges_objects_recursively_and_concatenates_arrays(tmp_path: Path) -> None:
    spec = _spec()
    overlay = _actions(
        tmp_path,
        """\
  - target: $.paths.*.get
    update:
      x-hint: {deep: true}
      tags: [extra]
  - target: $.paths['/a'].get
    update:
      x-hint: {more: 1}
      operationId: renamed
""",
    )

    apply_overlays(spec, [overlay])

    assert spec["paths"]["/a"]["get"] == {
        "operationId": "renamed",
        "tags": ["x", "extra"],
        "x-hint": {"deep": True, "more": 1},
    }
    assert spec["paths"]["/b"]["get"]["x-hint"] == {"deep": True}
    assert spec["paths"]["/b"]["get"]["tags"] == ["extra"]
    assert "x-hint" not in spec["paths"]["/a"]["post"]


def test_update_of_an_array_target_appends_and_copies_the_value(tmp_path: Path) -> None:
    spec = _spec()
    overlay = _actions(
        tmp_path,
        """\
  - target: $.paths.*.get.parameters
    update: {name: p4}
""",
    )

    apply_overlays(spec, [overlay])

    assert [p["name"] for p in spec["paths"]["/b"]["get"]["parameters"]] == ["p1", "p2", "p3", "p4"]
    assert overlay.data["actions"][0]["update"] == {"name": "p4"}, "the overlay document is not aliased"


def test_remove_deletes_keys_and_list_items(tmp_path: Path) -> None:
    spec = _spec()
    overlay = _actions(
        tmp_path,
        """\
  - target: $.internal.secret
    remove: true
  - target: $.paths['/b'].get.parameters[?(@.name != 'p2')]
    remove: true
  - target: $.paths['/a'].post
    remove: true
""",
    )

    apply_overlays(spec, [overlay])

    assert spec["internal"] == {"keep": 2}
    assert spec["paths"]["/b"]["get"]["parameters"] == [{"name": "p2"}]
    assert list(spec["paths"]["/a"]) == ["get"]


def test_overlays_apply_in_order(tmp_path: Path) -> None:
    spec = _spec()
    first = _actions(tmp_path, "  - {target: $.internal, update: {keep: 3}}\n", "1.yaml")
    second = _actions(tmp_path, "  - {target: $.internal.keep, remove: true}\n", "2.yaml")

    apply_overlays(spec, [first, second])

    assert spec["internal"] == {"secret": 1}


def test_provenance_names_the_action_that_set_a_key(tmp_path: Path) -> None:
    spec = _spec()
    overlay = _actions(tmp_path, "  - {target: $.paths.*.post, update: {x-hint: 1}}\n")

    provenance = apply_overlays(spec, [overlay])

    origin = provenance.of(spec["paths"]["/a"]["post"], "x-hint")
    assert origin is not None and origin.index == 0
    assert provenance.of(spec["paths"]["/a"]["post"], "operationId") is None


def test_unmatched_target_names_the_file_line_action_and_target(tmp_path: Path) -> None:
    overlay = _actions(
        tmp_path,
        """\
  - target: $.paths['/a'].get
    update: {x-ok: true}
  - target: $.paths['/nope'].get
    update: {x-hint: true}
""",
    )

    with pytest.raises(GenerationError) as raised:
        apply_overlays(_spec(), [overlay])

    assert (
        str(raised.value) == "hints.yaml:6: actions[1]: (target $.paths['/nope'].get) matched nothing in the contract"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "overlay: 2.0.0\ninfo: {title: t, version: 1}\nactions: []\n",
            "hints.yaml:1: overlay: not an OpenAPI Overlay 1.x",
        ),
        ("overlay: 1.0.0\nactions: [{target: $.a, remove: true}]\n", "hints.yaml: info: `info` needs a `title`"),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions: []\n",
            "hints.yaml:3: actions: `actions` must be a non-empty",
        ),
        (
            HEADER + "  - target: $.internal\n",
            "hints.yaml:4: actions[0]: an action needs `update` or `remove: true`",
        ),
        (
            HEADER + "  - {target: paths, remove: true}\n",
            "hints.yaml:4: actions[0]: `target` must be a JSONPath expression",
        ),
        (
            HEADER + "  - {target: '$.paths[', remove: true}\n",
            "hints.yaml:4: actions[0].target: invalid JSONPath",
        ),
        (
            HEADER + "  - {target: $.internal, updte: {}}\n",
            "hints.yaml:4: actions[0]: unknown action field(s) updte",
        ),
        (
            HEADER + "  - {target: $.internal.keep, update: {a: 1}}\n",
            "hints.yaml:4: actions[0]: (target $.internal.keep) `update` must be a mapping",
        ),
    ],
)
def test_malformed_overlays_are_reported_with_file_and_place(tmp_path: Path, text: str, message: str) -> None:
    overlay = _overlay(tmp_path, text)

    with pytest.raises(GenerationError) as raised:
        apply_overlays(_spec(), [overlay])

    assert str(raised.value).startswith(message)
