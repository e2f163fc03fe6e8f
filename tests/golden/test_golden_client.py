"""What the templates generate, exercised through the golden client over httpx.MockTransport.

The golden tree is generated from fixture.yaml: an error response, a 204, a binary body in both directions,
a text response, a paginated list, a header parameter, and the overlay's SDK hints.
"""

from __future__ import annotations

import copy
import datetime
import importlib
import io
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from vantage_sdk.exceptions import VantageAPIError

EXPECTED_ROOT = Path(__file__).parent / "expected"
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(scope="module")
def golden() -> Iterator[Callable[[str], ModuleType]]:
    sys.path.insert(0, str(EXPECTED_ROOT))
    try:
        yield lambda name: importlib.import_module(f"golden_client.{name}")
    finally:
        sys.path.remove(str(EXPECTED_ROOT))
        for name in [m for m in sys.modules if m == "golden_client" or m.startswith("golden_client.")]:
            del sys.modules[name]


def _client(golden: Callable[[str], ModuleType], handler: Handler, **httpx_args: Any) -> Any:
    client = golden("client").Client(base_url="http://golden.test")
    transport = httpx.MockTransport(handler)
    client.set_httpx_client(httpx.Client(base_url="http://golden.test", transport=transport, **httpx_args))
    client.set_async_httpx_client(httpx.AsyncClient(base_url="http://golden.test", transport=transport))
    return client


def _problem(status: int) -> httpx.Response:
    return httpx.Response(
        status,
        json={"type": "about:blank", "title": "Problem", "status": status, "detail": f"status {status}"},
        headers={"Content-Type": "application/problem+json"},
    )


def test_success_returns_the_parsed_model(golden: Callable[[str], ModuleType]) -> None:
    client = _client(golden, lambda r: httpx.Response(200, json={"id": "w1", "color": "red", "parent": None}))

    widget = golden("api.widgets.get_widget").sync("w1", client=client)

    assert (widget.id, widget.color, widget.parent) == ("w1", "red", None)


@pytest.mark.parametrize("status", [404, 500, 418])
def test_any_status_but_a_documented_success_raises_through_raise_api_error(
    golden: Callable[[str], ModuleType], status: int
) -> None:
    client = _client(golden, lambda r: _problem(status))

    with pytest.raises(VantageAPIError) as raised:
        golden("api.widgets.get_widget").sync_detailed("w1", client=client)

    assert raised.value.status_code == status


def test_an_undocumented_2xx_is_not_a_success(golden: Callable[[str], ModuleType]) -> None:
    client = _client(golden, lambda r: httpx.Response(202, json={"id": "w1", "color": "red", "parent": None}))

    with pytest.raises(VantageAPIError):
        golden("api.widgets.get_widget").sync("w1", client=client)


def test_204_returns_none(golden: Callable[[str], ModuleType]) -> None:
    client = _client(golden, lambda r: httpx.Response(204))

    response = golden("api.widgets.delete_widget").sync_detailed("w1", client=client)

    assert (response.status_code, response.parsed) == (204, None)
    assert golden("api.widgets.delete_widget").sync("w1", client=client) is None


def test_text_response_is_a_str(golden: Callable[[str], ModuleType]) -> None:
    client = _client(golden, lambda r: httpx.Response(200, text="line 1\nline 2\n"))

    assert golden("api.widgets.get_widget_notes").sync("w1", client=client) == "line 1\nline 2\n"


def test_binary_response_is_a_file_for_200_and_206(golden: Callable[[str], ModuleType]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("Range") == "bytes=2-3":
            return httpx.Response(206, content=b"cd")
        return httpx.Response(200, content=b"abcdef")

    client = _client(golden, handler)
    download = golden("api.blobs.download_blob")

    assert download.sync("b", client=client).payload.read() == b"abcdef"
    assert download.sync("b", client=client, range_="bytes=2-3").payload.read() == b"cd"


def test_binary_request_body_is_sent_as_octet_stream(golden: Callable[[str], ModuleType]) -> None:
    seen: dict[str, Any] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(body=request.read(), content_type=request.headers["Content-Type"], path=request.url.raw_path)
        return httpx.Response(204)

    client = _client(golden, handler)
    body = golden("types").File(payload=io.BytesIO(b"\x00\x01payload"))

    assert golden("api.blobs.upload_blob").sync("a b", client=client, body=body) is None
    assert seen == {"body": b"\x00\x01payload", "content_type": "application/octet-stream", "path": b"/blobs/a%20b"}


def test_header_and_query_parameters_extra_headers_and_timeout_reach_the_request(
    golden: Callable[[str], ModuleType],
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"widgets": [], "more": False, "next_cursor": None})

    client = _client(golden, handler, timeout=httpx.Timeout(7.0))
    list_widgets = golden("api.widgets.list_widgets")

    page = list_widgets.sync(
        client=client,
        color="blue",
        cursor="c1",
        x_trace_id="trace-1",
        extra_headers={"X-Extra": "yes", "X-Trace-Id": "override"},
        timeout=1.5,
    )
    list_widgets.sync(client=client)

    assert (page.widgets, page.more, page.next_cursor) == ([], False, None)
    first, second = seen
    assert dict(first.url.params) == {"color": "blue", "cursor": "c1"}
    assert (first.headers["X-Extra"], first.headers["X-Trace-Id"]) == ("yes", "override")
    assert first.extensions["timeout"]["read"] == 1.5
    assert second.extensions["timeout"]["read"] == 7.0, "UNSET keeps the client's timeout"
    assert "X-Trace-Id" not in second.headers


def test_params_are_passed_only_when_a_query_parameter_is_set(golden: Callable[[str], ModuleType]) -> None:
    list_widgets = golden("api.widgets.list_widgets")

    assert "params" not in list_widgets._get_kwargs(), "an empty params dict still costs httpx a URL rebuild"
    assert list_widgets._get_kwargs(cursor="c1")["params"] == {"cursor": "c1"}


def test_get_kwargs_can_drive_httpx_streaming(golden: Callable[[str], ModuleType]) -> None:
    client = _client(golden, lambda r: httpx.Response(200, content=b"event: x\ndata: 1\n\n"))

    kwargs = golden("api.widgets.watch_widgets")._get_kwargs(extra_headers={"Accept": "text/event-stream"}, timeout=2)
    with client.get_httpx_client().stream(**kwargs) as response:
        body = b"".join(response.iter_bytes())

    assert (kwargs["method"], kwargs["url"], kwargs["timeout"]) == ("get", "/widgets/events", 2)
    assert body == b"event: x\ndata: 1\n\n"


async def test_asyncio_variant_parses_and_raises_the_same_way(golden: Callable[[str], ModuleType]) -> None:
    responses = iter([httpx.Response(201, json={"id": "w9", "color": "green", "parent": {"id": "w1"}}), _problem(422)])
    client = _client(golden, lambda r: next(responses))
    create = golden("api.widgets.create_widget")
    body = golden("models").WidgetCreate(color="green")

    widget = await create.asyncio(client=client, body=body, idempotency_key="k1")
    with pytest.raises(VantageAPIError) as raised:
        await create.asyncio_detailed(client=client, body=body)

    assert (widget.id, widget.parent.id) == ("w9", "w1")
    assert raised.value.status_code == 422


def test_reprs_show_only_the_fields_that_are_set(golden: Callable[[str], ModuleType]) -> None:
    widget = golden("models").Widget.from_dict({"id": "w1", "color": "red", "parent": None})

    assert repr(golden("types").UNSET) == "UNSET"
    assert repr(widget) == "Widget(id='w1', color='red', parent=None)"
    widget.tags = ["a"]
    assert repr(widget) == "Widget(id='w1', color='red', parent=None, tags=['a'])"


def test_unknown_enum_values_and_fields_are_kept_at_every_level(golden: Callable[[str], ModuleType]) -> None:
    data = {"id": "w1", "color": "ultraviolet", "parent": {"id": "w0", "born": 1999}, "weight": {"kg": 2}}
    widget = golden("models").Widget.from_dict(data)

    assert widget.color == "ultraviolet"
    assert widget.additional_properties == {"weight": {"kg": 2}} and widget["weight"] == {"kg": 2}
    assert widget.parent.additional_properties == {"born": 1999} and "born" in widget.parent
    assert widget.additional_keys == ["weight"]
    assert widget.to_dict() == data
    assert json.loads(widget.to_json()) == data
    assert repr(widget).endswith("additional_properties={'weight': {'kg': 2}})")


@pytest.mark.parametrize("how", ["pickle", "copy", "deepcopy"])
def test_models_compare_equal_after_pickle_and_copy(golden: Callable[[str], ModuleType], how: str) -> None:
    models = golden("models")
    page = models.WidgetPage.from_dict(
        {"widgets": [{"id": "w1", "color": "red", "parent": {"id": "w0"}, "x": 1}], "more": False, "next_cursor": None}
    )
    fresh = models.WidgetPage.from_dict(page.to_dict())
    clone = {"pickle": lambda p: pickle.loads(pickle.dumps(p)), "copy": copy.copy, "deepcopy": copy.deepcopy}[how](page)

    assert clone == page == fresh
    assert clone.widgets[0].tags is golden("types").UNSET
    assert clone != models.WidgetPage.from_dict({**page.to_dict(), "more": True})


def test_an_optional_field_parsed_on_first_read_is_unset_when_absent(golden: Callable[[str], ModuleType]) -> None:
    models, unset = golden("models"), golden("types").UNSET
    bare = models.Widget.from_dict({"id": "w1", "color": "red", "parent": None})
    made = models.Widget.from_dict({"id": "w2", "color": "red", "parent": None, "made_at": "2024-01-01T00:00:01Z"})

    assert bare.made_at is unset and "made_at" not in bare.to_dict()
    assert repr(bare) == "Widget(id='w1', color='red', parent=None)"
    assert made.made_at == datetime.datetime(2024, 1, 1, 0, 0, 1, tzinfo=datetime.UTC)
    assert made.made_at is made.made_at, "parsed once, then kept"
    assert made.to_dict()["made_at"] == "2024-01-01T00:00:01+00:00"
    assert copy.deepcopy(bare) == bare and pickle.loads(pickle.dumps(made)) == made
    bare.made_at = made.made_at
    assert bare.made_at == made.made_at
    built = models.Widget(id="w3", color="red", parent=None)
    assert built.made_at is unset


def test_a_missing_required_field_fails_at_parse_time_even_when_parsed_lazily(
    golden: Callable[[str], ModuleType],
) -> None:
    with pytest.raises(KeyError, match="parent"):
        golden("models").Widget.from_dict({"id": "w1", "color": "red"})


_FIRST_USE = """
import json, sys
loaded = lambda: sorted(name for name in sys.modules if name.startswith("golden_client.models."))
import golden_client.models as models
report = {"after package import": loaded()}
from golden_client.models import Widget
report["after importing Widget"] = loaded()
widget = Widget.from_dict({"id": "w1", "color": "red", "parent": {"id": "w0"}})
report["after building one"] = loaded()
report["parent"] = type(widget.parent).__name__
report["after reading its parent"] = loaded()
report["same class"] = Widget is models.Widget is sys.modules["golden_client.models.widget"].Widget
report["in dir"] = "WidgetPage" in dir(models)
try:
    models.Gadget
except AttributeError as error:
    report["unknown name"] = str(error)
namespace = {}
exec("from golden_client.models import *", namespace)
report["star import"] = sorted(name for name in namespace if name != "__builtins__")
print(json.dumps(report))
"""


def test_models_are_imported_on_first_use() -> None:
    env = {**os.environ, "PYTHONPATH": str(EXPECTED_ROOT)}
    run = subprocess.run([sys.executable, "-c", _FIRST_USE], env=env, capture_output=True, text=True, check=True)

    assert json.loads(run.stdout) == {
        "after package import": [],
        "after importing Widget": ["golden_client.models.widget"],
        "after building one": ["golden_client.models.widget"],
        "parent": "ParentType0",
        "after reading its parent": ["golden_client.models.parent_type_0", "golden_client.models.widget"],
        "same class": True,
        "in dir": True,
        "unknown name": "module 'golden_client.models' has no attribute 'Gadget'",
        "star import": ["Color", "ParentType0", "Problem", "Widget", "WidgetCreate", "WidgetPage"],
    }


_ENDPOINTS_FIRST_USE = """
import json, sys
loaded = lambda: sorted(name for name in sys.modules if name.startswith("golden_client.api.widgets."))
import golden_client.api.widgets as widgets
report = {"after package import": loaded()}
get_widget = widgets.get_widget
report["after widgets.get_widget"] = loaded()
report["same module"] = get_widget is sys.modules["golden_client.api.widgets.get_widget"]
from golden_client.api.widgets import list_widgets
report["after from-import"] = loaded()
report["in dir"] = "delete_widget" in dir(widgets)
try:
    widgets.get_gadget
except AttributeError as error:
    report["unknown name"] = str(error)
namespace = {}
exec("from golden_client.api.widgets import *", namespace)
report["star import"] = sorted(name for name in namespace if name != "__builtins__")
print(json.dumps(report))
"""


def test_endpoint_modules_are_imported_on_first_use() -> None:
    env = {**os.environ, "PYTHONPATH": str(EXPECTED_ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", _ENDPOINTS_FIRST_USE], env=env, capture_output=True, text=True, check=True
    )

    widgets = "golden_client.api.widgets"
    assert json.loads(run.stdout) == {
        "after package import": [],
        "after widgets.get_widget": [f"{widgets}.get_widget"],
        "same module": True,
        "after from-import": [f"{widgets}.get_widget", f"{widgets}.list_widgets"],
        "in dir": True,
        "unknown name": f"module {widgets!r} has no attribute 'get_gadget'",
        "star import": [
            "create_widget",
            "delete_widget",
            "get_widget",
            "get_widget_notes",
            "list_widgets",
            "watch_widgets",
        ],
    }


def test_overlay_hints_become_module_constants(golden: Callable[[str], ModuleType]) -> None:
    types = golden("types")
    constants = {
        name: (module.RETRY_SAFE, module.PAGINATION, module.STREAM)
        for name, module in (
            (name, golden(f"api.{tag}.{name}"))
            for tag, name in [
                ("widgets", "list_widgets"),
                ("widgets", "create_widget"),
                ("widgets", "watch_widgets"),
                ("widgets", "get_widget"),
                ("widgets", "delete_widget"),
                ("blobs", "download_blob"),
                ("blobs", "upload_blob"),
            ]
        )
    }

    pages = types.Pagination(
        items_field="widgets", token_param="cursor", next_token_field="next_cursor", has_more_field="more"
    )
    assert constants == {
        "list_widgets": (True, pages, None),
        "create_widget": (True, None, None),
        "watch_widgets": (True, None, "sse"),
        "get_widget": (True, None, None),
        "delete_widget": (False, None, None),
        "download_blob": (True, None, "download"),
        "upload_blob": (False, None, "upload"),
    }


def test_overlay_remove_action_drops_the_operation() -> None:
    assert not (EXPECTED_ROOT / "golden_client" / "api" / "widgets" / "debug_dump.py").exists()
