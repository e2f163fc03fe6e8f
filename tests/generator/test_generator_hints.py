"""SDK hints: checked, and moved from operations onto their 2xx responses where templates can read them."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import GenerationError
from generator._hints import place_hints
from generator._overlay import apply_overlays
from generator._spec import load_document

SPEC = """\
openapi: 3.0.3
info: {title: Mini, version: '1'}
paths:
  /things:
    get:
      operationId: list_things
      parameters:
        - {name: token, in: query, schema: {type: string}}
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Page'}
        '400': {$ref: '#/components/responses/Error'}
    post:
      operationId: make_thing
      responses:
        '201': {$ref: '#/components/responses/Thing'}
        '202': {$ref: '#/components/responses/Thing'}
  /things/{id}/content:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      operationId: get_content
      responses:
        '200':
          description: Bytes.
          content:
            application/octet-stream: {schema: {type: string, format: binary}}
    put:
      operationId: put_content
      requestBody:
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
      responses:
        '204': {description: Stored.}
components:
  responses:
    Thing:
      description: A thing.
      content:
        application/json: {schema: {type: object}}
    Error:
      description: An error.
  schemas:
    Page:
      type: object
      properties:
        items: {type: array, items: {type: string}}
        next: {type: string, nullable: true}
        more: {type: boolean}
"""
PAGES = "{items_field: items, token_param: token, next_token_field: next, has_more_field: more}"


def _pages(old: str, new: str) -> str:
    """An action giving list_things a pagination hint with `old` replaced by `new`."""
    return f"  - {{target: \"$.paths['/things'].get\", update: {{x-vantage-pagination: {PAGES.replace(old, new)}}}}}\n"


def _run(tmp_path: Path, actions: str, spec: str = SPEC) -> dict[str, Any]:
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    (tmp_path / "hints.yaml").write_text(
        f"overlay: 1.0.0\ninfo: {{title: t, version: 1}}\nactions:\n{actions}", encoding="utf-8"
    )
    document = load_document(tmp_path / "spec.yaml", "spec.yaml")
    provenance = apply_overlays(document.data, [load_document(tmp_path / "hints.yaml", "hints.yaml")])
    place_hints(document.data, document, provenance)
    return document.data  # type: ignore[no-any-return]


def test_hints_move_from_the_operation_to_every_2xx_response(tmp_path: Path) -> None:
    spec = _run(
        tmp_path,
        f"""\
  - target: $.paths['/things'].get
    update:
      x-vantage-retry-safe: true
      x-vantage-pagination: {PAGES}
""",
    )

    operation = spec["paths"]["/things"]["get"]
    assert not [key for key in operation if key.startswith("x-")]
    assert operation["responses"]["200"]["x-vantage-retry-safe"] is True
    assert operation["responses"]["200"]["x-vantage-pagination"]["token_param"] == "token"
    assert operation["responses"]["400"] == {"$ref": "#/components/responses/Error"}, "errors carry no hints"


def test_hints_on_a_shared_response_are_copied_onto_this_operation_only(tmp_path: Path) -> None:
    pristine = yaml.safe_load(SPEC)["components"]["responses"]["Thing"]
    spec = _run(tmp_path, "  - {target: \"$.paths['/things'].post\", update: {x-vantage-retry-safe: false}}\n")

    responses = spec["paths"]["/things"]["post"]["responses"]
    assert responses["201"] == {**copy.deepcopy(pristine), "x-vantage-retry-safe": False}
    assert responses["202"] == responses["201"]
    assert spec["components"]["responses"]["Thing"] == pristine


def test_hints_written_in_the_contract_itself_are_moved_too(tmp_path: Path) -> None:
    spec_text = SPEC.replace(
        "      operationId: get_content\n", "      operationId: get_content\n      x-vantage-stream: download\n"
    )
    spec = _run(tmp_path, "  - {target: $.info, update: {x-note: 1}}\n", spec=spec_text)

    assert spec["paths"]["/things/{id}/content"]["get"]["responses"]["200"]["x-vantage-stream"] == "download"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (
            "  - {target: \"$.paths['/things'].post\", update: {x-vantage-retry-safe: true}}\n",
            "x-vantage-retry-safe on make_thing: a POST is only retry-safe with an Idempotency-Key header parameter",
        ),
        (
            "  - {target: \"$.paths['/things'].get\", update: {x-vantage-retry-safe: 'yes'}}\n",
            "x-vantage-retry-safe on list_things: must be true or false",
        ),
        (
            "  - {target: \"$.paths['/things'].get\", update: {x-vantage-retries: 3}}\n",
            "x-vantage-retries on list_things: unknown SDK hint",
        ),
        (
            "  - {target: \"$.paths['/things'].get\", update: {x-vantage-pagination: {items_field: items}}}\n",
            "x-vantage-pagination on list_things: must be a mapping with exactly items_field, token_param",
        ),
        (
            _pages("token_param: token", "token_param: cursor"),
            "x-vantage-pagination on list_things: token_param 'cursor' is not a query parameter",
        ),
        (
            _pages("next_token_field: next", "next_token_field: nxt"),
            "x-vantage-pagination on list_things: next_token_field 'nxt' is not in the JSON success response",
        ),
        (
            _pages("items_field: items", "items_field: more"),
            "x-vantage-pagination on list_things: items_field 'more' is not an array",
        ),
        (
            "  - {target: \"$.paths['/things'].get\", update: {x-vantage-stream: sse}}\n",
            "x-vantage-stream on list_things: the sse stream needs a text/event-stream success response",
        ),
        (
            "  - {target: \"$.paths['/things/{id}/content'].get\", update: {x-vantage-stream: upload}}\n",
            "x-vantage-stream on get_content: the upload stream needs a application/octet-stream request body",
        ),
        (
            "  - {target: \"$.paths['/things/{id}/content'].put\", update: {x-vantage-stream: chunked}}\n",
            "x-vantage-stream on put_content: 'chunked' is not one of sse, download, upload",
        ),
    ],
)
def test_bad_hints_name_the_overlay_action(tmp_path: Path, action: str, message: str) -> None:
    with pytest.raises(GenerationError) as raised:
        _run(tmp_path, action)

    assert str(raised.value).startswith("hints.yaml:4: actions[0]: (target ")
    assert message in str(raised.value)


def test_a_bad_hint_in_the_contract_names_the_contract_line(tmp_path: Path) -> None:
    spec_text = SPEC.replace(
        "      operationId: list_things\n", "      operationId: list_things\n      x-vantage-stream: sse\n"
    )

    with pytest.raises(GenerationError) as raised:
        _run(tmp_path, "  - {target: $.info, update: {x-note: 1}}\n", spec=spec_text)

    assert str(raised.value).startswith("spec.yaml:7: paths./things.get.x-vantage-stream: the sse stream needs")
