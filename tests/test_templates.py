"""Client-side job template checks: they come from the contract's schemas, and unknown fields are sent."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

import vantage_sdk._generated.schemas as generated_schemas
from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import ValidationError, VantageClient
from vantage_sdk._templates import build_submit_request

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = {"name": "x", "spec": {"command": ["echo", "hi"]}}


def test_fields_the_client_does_not_know_are_sent_for_the_server_to_judge() -> None:
    sent: list[dict[str, Any]] = []

    def server(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(422, json={"type": "about:blank", "title": "Unprocessable", "status": 422})

    template = {**TEMPLATE, "queue": "batch", "spec": {**TEMPLATE["spec"], "gpu_type": "h100", "comand": ["x"]}}
    http = httpx.Client(transport=httpx.MockTransport(server))
    with VantageClient(api_key="k", base_url="http://vantage.test", http_client=http, max_retries=0) as client:
        with pytest.raises(ValidationError):
            client.jobs.submit(template)
    assert sent[0]["queue"] == "batch"
    assert (sent[0]["spec"]["gpu_type"], sent[0]["spec"]["comand"]) == ("h100", ["x"])


class _Relay(httpx.BaseTransport):
    """A real connection that the session's contract checker leaves alone: this request breaks today's
    contract on purpose (a field the contract does not have), to show that the server is the judge."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_the_server_names_an_unknown_field_it_refuses(vantage_emulator: EmulatorProcess) -> None:
    http = httpx.Client(transport=_Relay())
    with VantageClient(
        api_key=vantage_emulator.api_key,
        base_url=vantage_emulator.base_url,
        organization=vantage_emulator.organization,
        http_client=http,
    ) as client:
        with pytest.raises(ValidationError) as info:
            client.jobs.submit({**TEMPLATE, "spec": {**TEMPLATE["spec"], "comand": ["typo"]}})
    assert info.value.status_code == 400  # the server's request validation, not a local refusal
    assert "spec.comand" in str(info.value)


def test_a_built_request_keeps_unknown_fields_through_the_model() -> None:
    request = build_submit_request({**TEMPLATE, "spec": {**TEMPLATE["spec"], "gpu_type": "h100"}}, labels={"a": "b"})
    assert request.spec.additional_properties == {"gpu_type": "h100"}
    assert request.to_dict() == {**TEMPLATE, "spec": {**TEMPLATE["spec"], "gpu_type": "h100"}, "labels": {"a": "b"}}


def _generate_from(spec: dict[str, Any], tmp_path: Path) -> ModuleType:
    """Run the generator on `spec` into tmp_path and import the schemas module it wrote."""
    spec_file = tmp_path / "vantage.yaml"
    spec_file.write_text(yaml.safe_dump(spec, sort_keys=False))
    output = tmp_path / "client"
    subprocess.run(
        [sys.executable, "-m", "generator", "--spec", str(spec_file), "--output", str(output)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    found = importlib.util.spec_from_file_location("changed_schemas", output / "schemas.py")
    assert found and found.loader
    module = importlib.util.module_from_spec(found)
    found.loader.exec_module(module)
    return module


def test_a_change_to_the_spec_job_spec_reaches_the_template_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = yaml.safe_load((ROOT / "openapi" / "vantage.yaml").read_text())
    job_spec = spec["components"]["schemas"]["JobSpec"]
    job_spec["properties"]["gpu_type"] = {"type": "string", "description": "The GPU model."}
    job_spec["required"] = [*job_spec["required"], "gpu_type"]
    job_spec["properties"]["timeout_seconds"]["maximum"] = 60
    changed = _generate_from(spec, tmp_path)

    # Today's checks accept the template; with the changed contract the same checks refuse it.
    build_submit_request({**TEMPLATE, "spec": {**TEMPLATE["spec"], "timeout_seconds": 120}})
    monkeypatch.setattr(generated_schemas, "SCHEMAS", changed.SCHEMAS)
    with pytest.raises(ValidationError, match=r"^spec\.gpu_type: is required"):
        build_submit_request(TEMPLATE)
    with pytest.raises(ValidationError, match=r"^spec\.gpu_type: must be a string, got int 3"):
        build_submit_request({**TEMPLATE, "spec": {**TEMPLATE["spec"], "gpu_type": 3}})
    with pytest.raises(ValidationError, match=r"^spec\.timeout_seconds: must be between 1 and 60, got 120"):
        build_submit_request({**TEMPLATE, "spec": {**TEMPLATE["spec"], "gpu_type": "a100", "timeout_seconds": 120}})
    request = build_submit_request({**TEMPLATE, "spec": {**TEMPLATE["spec"], "gpu_type": "a100"}})
    assert request.to_dict()["spec"]["gpu_type"] == "a100"


def test_yaml_numbers_become_strings_where_the_overlay_says_so() -> None:
    request = build_submit_request({**TEMPLATE, "spec": {**TEMPLATE["spec"], "resources": {"cpu": 2, "memory": 1.5}}})
    assert request.to_dict()["spec"]["resources"] == {"cpu": "2", "memory": "1.5"}
    with pytest.raises(ValidationError, match=r"^name: must be a string, got int 7"):
        build_submit_request({**TEMPLATE, "name": 7})
