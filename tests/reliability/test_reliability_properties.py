"""Property-based bad input: any input works or raises the documented exception; nothing else escapes.

Covered: job templates (dicts, models, YAML/JSON files, submit overrides and their merge), storage
path rules on both sides (SDK checks and local destinations, emulator normalization), pagination
tokens and query parameters (emulator decoding, and SDK calls over HTTP against the emulator).

SDK calls over HTTP may send a value the SDK leaves to the server (a pattern, a length): the
contract hook then records a request violation. Such a violation is accepted only when the server
refused that very request with a 400 (the SDK raised ``ValidationError``); any other is a failure.

Examples are bounded (``max_examples``) and derandomized so ``make test`` is reproducible;
``VANTAGE_RELIABILITY_FULL=1`` runs ten times more, randomly.
"""

from __future__ import annotations

import base64
import copy
import datetime
import json
import math
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import httpx
import pytest
import yaml
from contract.openapi_hook import ContractChecker
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vantage_emulator.handlers.jobs import _parse_page_token
from vantage_emulator.problems import ApiProblem
from vantage_emulator.storage import (
    MAX_PATH_LENGTH,
    InvalidPathError,
    InvalidRequestError,
    normalize_file_path,
    normalize_folder_path,
)
from vantage_emulator.storage.listing import decode_token
from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import JobSubmitRequest, ResourceNotFoundError, TransferError, ValidationError, VantageClient
from vantage_sdk._templates import build_submit_request, load_template_file
from vantage_sdk._transfer import check_remote_file, check_remote_folder, safe_local_path, unsafe_name_reason

from .conftest import FULL, Figures

FAST = settings(max_examples=2000 if FULL else 300, deadline=None, derandomize=not FULL, database=None)
HTTP = settings(
    max_examples=1000 if FULL else 100,
    deadline=None,
    derandomize=not FULL,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --------------------------------------------------------------------------- strategies

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
json_like = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)
names = st.text(max_size=16)
str_maps = st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3)


def or_junk(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly well-typed values, sometimes anything."""
    return strategy | json_like


resources = st.fixed_dictionaries(
    {},
    optional={
        "cpu": or_junk(st.sampled_from(["1", "2", "500m"]) | st.integers(0, 64) | st.floats(0, 64)),
        "memory": or_junk(st.sampled_from(["1Gi", "512Mi", "4G"])),
        "gpu": or_junk(st.integers(-1, 8)),
    },
)
specs = st.fixed_dictionaries(
    {"command": or_junk(st.lists(names, max_size=3))},
    optional={
        "image": or_junk(names),
        "env": or_junk(str_maps),
        "resources": or_junk(resources),
        "working_dir": or_junk(names),
        "timeout_seconds": or_junk(st.integers(-10, 10**6)),
    },
)
templates = st.fixed_dictionaries(
    {"name": or_junk(names), "spec": or_junk(specs)},
    optional={
        "labels": or_junk(str_maps),
        "cluster": or_junk(names),
        "priority": or_junk(st.integers(-2000, 2000)),
        "env": or_junk(str_maps),
        "unknown": json_like,
    },
)
some_templates = templates | st.dictionaries(st.text(max_size=8), json_like, max_size=4) | json_like
overrides = st.fixed_dictionaries(
    {
        "cluster": st.none() | or_junk(names),
        "priority": st.none() | or_junk(st.integers(-2000, 2000)),
        "env": st.none() | or_junk(str_maps),
        "labels": st.none() | or_junk(str_maps),
    }
)

# Path segments that make trouble, mixed with ordinary names.
hostile_segments = st.sampled_from(
    ["..", ".", "", "a", "b.txt", "...", " ..", ".. ", "\\", "..\\..", "C:", "c:\\x", "\x00", "\n", "\x1b",
     "\uff0e\uff0e", "\u2025", "\u2024", "\uff0f", "\uff3c", "~", "%2e%2e", "link", "x" * 300]
)  # fmt: skip
hostile_paths = st.lists(hostile_segments | st.text(max_size=6), max_size=6).map("/".join) | st.text(max_size=40)
any_paths = hostile_paths | st.builds(lambda p: "/" + p, hostile_paths)


# --------------------------------------------------------------------------- templates


def _str_map(value: Any) -> dict[str, str]:
    return {str(k): v for k, v in (value or {}).items()}


@FAST
@given(template=some_templates, extra=overrides)
def test_template_merging_builds_the_request_or_raises_validation_error(template: Any, extra: dict[str, Any]) -> None:
    before = copy.deepcopy(template)
    try:
        request = build_submit_request(template, **extra)
    except ValidationError as exc:
        assert exc.status_code is None and exc.details and "field" in exc.details[0], "the error names a field"
        return
    finally:
        if not (isinstance(template, float) and math.isnan(template)):
            assert repr(template) == repr(before), "the caller's template is not modified"
    body = request.to_dict()
    assert body["name"] == template["name"] and body["spec"]["command"] == template["spec"]["command"]
    assert body.get("env", {}) == {**_str_map(template.get("env")), **_str_map(extra["env"])}
    assert body.get("labels", {}) == {**_str_map(template.get("labels")), **_str_map(extra["labels"])}
    assert body.get("cluster") == (extra["cluster"] if extra["cluster"] is not None else template.get("cluster"))
    assert body.get("priority") == (extra["priority"] if extra["priority"] is not None else template.get("priority"))
    again = build_submit_request(JobSubmitRequest.from_dict(body))
    assert again.to_dict() == body, "a built request is itself a valid template"


def _write(suffix: str, data: bytes) -> Path:
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as f:
        f.write(data)
    return Path(f.name)


@FAST
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode), suffix=st.sampled_from([".yaml", ".json"]))
@example(data=b"\xff\xfename: x", suffix=".yaml")
@example(data=b"\xff", suffix=".json")
@example(data=b"[" * 5000, suffix=".yaml")
@example(data=b"[" * 5000, suffix=".json")
@example(data=b"name: &a [*a]\nspec: {command: [x]}", suffix=".yaml")
@example(data=b"!!python/object/apply:os.system ['true']", suffix=".yaml")
@example(data=b"{1: x, name: y}", suffix=".yaml")
def test_template_files_load_a_mapping_or_raise_validation_error_naming_the_file(data: bytes, suffix: str) -> None:
    path = _write(suffix, data)
    try:
        loaded = load_template_file(path)
    except ValidationError as exc:
        assert str(path) in str(exc), "the error names the file"
        return
    finally:
        path.unlink()
    assert isinstance(loaded, dict)
    try:
        build_submit_request(loaded, source=str(path))
    except ValidationError as exc:
        assert str(path) in str(exc)


@FAST
@given(template=templates.filter(lambda t: "unknown" not in t), suffix=st.sampled_from([".yaml", ".yml", ".json"]))
def test_templates_survive_a_round_trip_through_yaml_and_json_files(template: dict[str, Any], suffix: str) -> None:
    text = json.dumps(template) if suffix == ".json" else yaml.safe_dump(template)
    path = _write(suffix, text.encode())
    try:
        loaded = load_template_file(path)
    finally:
        path.unlink()
    assert json.dumps(loaded, sort_keys=True) == json.dumps(template, sort_keys=True)
    try:
        from_dict = build_submit_request(template).to_dict()
    except ValidationError:
        with pytest.raises(ValidationError):
            build_submit_request(loaded)
    else:
        assert build_submit_request(loaded).to_dict() == from_dict


# --------------------------------------------------------------------------- storage paths


@FAST
@given(path=any_paths | st.integers() | st.none() | st.binary(max_size=10))
def test_sdk_remote_path_checks_return_the_path_or_raise_validation_error(path: Any) -> None:
    for check, normalize in ((check_remote_file, normalize_file_path), (check_remote_folder, normalize_folder_path)):
        try:
            checked = check(path)
        except ValidationError as exc:
            assert exc.status_code is None and exc.details
            continue
        assert checked.startswith("/") and "\x00" not in checked and "\\" not in checked
        assert ".." not in checked.split("/")
        assert checked.endswith("/") == (check is check_remote_folder)
        try:
            server_view = normalize(path)
        except InvalidPathError:
            continue
        assert normalize(checked) == server_view, "the SDK's check never changes which file a path names"


@FAST
@given(relative=hostile_paths, windows=st.booleans())
def test_unsafe_name_reason_never_raises_and_refuses_escapes(relative: str, windows: bool) -> None:
    reason = unsafe_name_reason(relative, windows=windows)
    if reason is None:
        assert not relative.startswith("/") and ".." not in relative.split("/") and "\\" not in relative


@pytest.fixture(scope="module")
def download_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A download folder holding a symlink that points outside it."""
    base = tmp_path_factory.mktemp("local-paths")
    (base / "outside").mkdir()
    root = base / "root"
    root.mkdir()
    (root / "link").symlink_to(base / "outside")
    return root


@FAST
@given(relative=hostile_paths)
def test_safe_local_path_stays_inside_the_folder_or_raises_transfer_error(relative: str, download_root: Path) -> None:
    try:
        target = safe_local_path(download_root, relative, "/remote/" + relative)
    except TransferError as exc:
        assert repr("/remote/" + relative) in str(exc), "the error names the remote file"
        return
    resolved, root = target.resolve(), download_root.resolve()
    assert root in resolved.parents, f"{relative!r} -> {resolved} escapes {root}"


@FAST
@given(raw=any_paths)
@example(raw="/a/\uff0e\uff0e/b")
@example(raw="/" + "a/" * 600)
def test_emulator_path_normalization_is_canonical_or_raises_invalid_path(raw: str) -> None:
    for normalize, folder in ((normalize_file_path, False), (normalize_folder_path, True)):
        try:
            path = normalize(raw)
        except InvalidPathError as exc:
            assert exc.field == "path"
            continue
        segments = PurePosixPath(path).parts[1:]
        assert path.startswith("/") and "//" not in path and len(path) <= MAX_PATH_LENGTH
        assert not {".", "..", ""} & set(segments) and "\\" not in path and "\x00" not in path
        assert path.endswith("/") == folder or path == "/"
        assert normalize(path) == path, "normalizing is idempotent"


# --------------------------------------------------------------------------- pagination tokens


def _token(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


tokens = (
    st.text(max_size=60)
    | json_like.map(_token)
    | st.fixed_dictionaries({"before": json_like | st.integers()}).map(_token)
    | st.fixed_dictionaries({"f": st.just("/"), "r": st.booleans(), "a": json_like | st.text()}).map(_token)
)


@FAST
@given(token=tokens)
def test_emulator_page_tokens_decode_or_raise_a_400(token: str) -> None:
    try:
        assert isinstance(_parse_page_token(token), int)
    except ApiProblem as problem:
        assert problem.status == 400
    try:
        assert isinstance(decode_token(token, "/", False), str)
    except InvalidRequestError as exc:
        assert exc.field == "page_token"


@HTTP
@given(token=tokens, path=st.just("/") | any_paths)
def test_emulator_answers_any_token_or_path_with_200_400_or_404_never_5xx(
    vantage_emulator: EmulatorProcess, token: str, path: str
) -> None:
    with httpx.Client(base_url=vantage_emulator.base_url, headers=vantage_emulator.headers) as http:
        answers = [
            http.get("/v1/jobs", params={"page_token": token, "limit": 2}),
            http.get("/v1/storage/files", params={"path": path, "page_token": token}),
            http.get("/v1/storage/metadata", params={"path": path}),
        ]
    for response in answers:
        assert response.status_code in (200, 400, 404), response.text
        if response.status_code != 200:
            assert response.headers["content-type"] == "application/problem+json"


# --------------------------------------------------------------------------- SDK calls over HTTP

junk = scalars | st.lists(st.text(max_size=8), max_size=2)

SDK_CALLS: dict[str, Callable[[VantageClient, dict[str, Any]], object]] = {
    "jobs.list": lambda c, a: c.jobs.list(
        status=a["status"], cluster=a["cluster"], limit=a["limit"], offset=a["offset"], page_token=a["token"]
    ),
    "jobs.logs": lambda c, a: c.jobs.logs(a["job_id"], tail=a["tail"], since=a["since"], timestamps=a["flag"]),
    "jobs.get": lambda c, a: c.jobs.get(a["job_id"], include=a["include"]),
    "clusters.list": lambda c, a: c.clusters.list(
        status=a["cluster_status"], provider=a["provider"], region=a["region"]
    ),
    "storage.list": lambda c, a: c.storage.list(a["path"], recursive=bool(a["flag"]), include_size=a["flag"] is None),
    "storage.metadata": lambda c, a: c.storage.metadata(a["path"]),
}


def sdk_arguments(junk_too: bool) -> st.SearchStrategy[dict[str, Any]]:
    """Arguments of the right types (left out, valid, or out of range), and with ``junk_too`` anything."""

    def arg(typed: st.SearchStrategy[Any], optional: bool = True) -> st.SearchStrategy[Any]:
        return (st.none() if optional else st.nothing()) | typed | (junk if junk_too else st.nothing())

    return st.fixed_dictionaries(
        {
            "status": arg(st.sampled_from(["pending", "running", "succeeded", "failed", "cancelled"])),
            "cluster": arg(st.sampled_from(["local", "gpu-cluster", "no-such-cluster"]) | st.text(max_size=70)),
            "limit": arg(st.integers(1, 1000) | st.integers()),
            "offset": arg(st.integers(0, 10**6) | st.integers()),
            "token": arg(tokens),
            "job_id": arg(st.sampled_from(["job-000000000000", "job-3f9a1c2b7d4e"]) | st.text(), optional=False),
            "tail": arg(st.integers(1, 10**6) | st.integers()),
            "since": arg(st.datetimes() | st.datetimes(timezones=st.timezones()) | st.text(max_size=30)),
            "flag": arg(st.booleans()),
            "include": arg(st.lists(st.sampled_from(["logs", "outputs", "metrics", "events"]), max_size=3)),
            "cluster_status": arg(st.sampled_from(["provisioning", "running", "scaling", "stopped", "error"])),
            "provider": arg(st.sampled_from(["local", "aws", "gcp", "azure", "on-premises"])),
            "region": arg(st.sampled_from(["us-west-2", "local"]) | st.text(max_size=70)),
            "path": arg(st.sampled_from(["/", "/datasets/", "/datasets/hello.txt"]) | any_paths, optional=False),
        }
    )


OUTCOMES: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_outcomes(figures: Figures) -> Iterator[None]:
    yield
    if OUTCOMES:
        figures.add("property tests", f"SDK calls with generated arguments: {dict(OUTCOMES)}")


@pytest.mark.parametrize("junk_too", [False, True], ids=["typed", "anything"])
@HTTP
@given(call=st.sampled_from(sorted(SDK_CALLS)), data=st.data())
def test_sdk_calls_with_any_arguments_return_or_raise_documented_errors(
    vantage_client: VantageClient, openapi_contract: ContractChecker, junk_too: bool, call: str, data: st.DataObject
) -> None:
    arguments = data.draw(sdk_arguments(junk_too), label="arguments")
    sent = openapi_contract.requests_checked
    try:
        SDK_CALLS[call](vantage_client, arguments)
        OUTCOMES["returned"] += 1
    except ValidationError as exc:
        OUTCOMES["refused by the SDK" if exc.status_code is None else f"refused by the server ({exc.status_code})"] += 1
    except ResourceNotFoundError:
        OUTCOMES["404"] += 1
    OUTCOMES["requests"] += openapi_contract.requests_checked - sent
    for violation in openapi_contract.take():
        # Only a request the SDK left to the server to refuse, which it did; never a bad response.
        assert violation.kind == "request" and violation.status == 400, str(violation)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.jobs.list(status=["running"]),  # unhashable: was a TypeError
        lambda c: c.jobs.get("job-000000000000", include=5),  # not iterable: was a TypeError
        lambda c: c.jobs.logs("job-000000000000", since=datetime.datetime(1, 1, 1)),  # no local time: ValueError
        lambda c: c.clusters.list(provider={"aws": 1}),
        lambda c: c.storage.list(b"/datasets/"),
    ],
    ids=["status-list", "include-int", "since-year-1", "provider-dict", "path-bytes"],
)
def test_sdk_refuses_wrongly_typed_arguments_with_validation_error(
    call: Callable[[VantageClient], object], openapi_contract: ContractChecker
) -> None:
    sent = openapi_contract.requests_checked
    with VantageClient(api_key="k", base_url="http://127.0.0.1:9", max_retries=0) as offline:
        with pytest.raises(ValidationError) as info:
            call(offline)
    assert info.value.status_code is None and info.value.details
    assert openapi_contract.requests_checked == sent, "refused before any request"
