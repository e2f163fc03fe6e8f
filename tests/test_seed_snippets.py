"""Every Python snippet of the seed API reference, run as written against the emulator.

Only the key, the URL, the organization and example job ids are filled in; the snippets run one
after another in one namespace (later ones use ``client``, ``job_template`` and
``progress_callback`` from earlier ones), in a scratch directory holding the local files they read.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from seed_reference import python_blocks, seed_reference

from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import AsyncVantageClient, Job, VantageClient


@pytest.fixture
def sdk_logger() -> Iterator[None]:
    """The first snippet turns debug logging on for the process; put it back afterwards."""
    logger = logging.getLogger("vantage_sdk")
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


def test_python_blocks_are_found() -> None:
    text = "## A\n```python\nx = 1\n```\n### B\n```typescript\ny\n```\n```python\nz = 2\n\n```\n"
    assert python_blocks(text) == [("A", "x = 1\n"), ("B", "z = 2\n\n")]


def test_every_seed_snippet_runs_as_written(
    vantage_emulator: EmulatorProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sdk_logger: None,
) -> None:
    blocks = python_blocks(seed_reference().read_text(encoding="utf-8"))
    assert len(blocks) == 15, [section for section, _ in blocks]

    emu = vantage_emulator
    for name in ("VANTAGE_API_KEY", "VANTAGE_ORGANIZATION", "VANTAGE_LOG"):
        monkeypatch.delenv(name, raising=False)
    # Snippets that give no base_url reach the emulator through the environment, as a user's would.
    monkeypatch.setenv("VANTAGE_BASE_URL", emu.base_url)
    monkeypatch.chdir(tmp_path)
    Path("job-template.yaml").write_text(
        "name: from-file\nspec:\n  image: ubuntu:22.04\n  command: [echo, from-file]\n"
    )
    Path("local-file.txt").write_text("local file\n")
    Path("local-dir/sub").mkdir(parents=True)
    Path("local-dir/a.txt").write_text("a\n")
    Path("local-dir/sub/b.txt").write_text("b\n")
    Path("large-file.tar.gz").write_bytes(os.urandom(3 * 1024 * 1024 + 17))

    setup = VantageClient(api_key=emu.api_key, base_url=emu.base_url, organization=emu.organization)
    setup.storage.upload_string("small file", "/datasets/small-file.txt")
    finished = setup.jobs.submit(
        {"name": "seed-done", "spec": {"command": ["echo", "hello"], "resources": {"cpu": "1", "memory": "1Gi"}}}
    )
    setup.jobs.wait(finished.id, timeout=30, poll_interval=0.1)
    sleepers = [setup.jobs.submit({"name": "seed-sleep", "spec": {"command": ["sleep", "60"]}}) for _ in range(2)]
    example_ids = {"job-12345": finished.id, "job-67890": sleepers[1].id}
    cancel_ids = {"job-12345": sleepers[0].id, "job-67890": sleepers[1].id}

    fills = {
        '"your-api-key"': repr(emu.api_key),
        '"your-key"': repr(emu.api_key),
        '"your-org-id"': repr(emu.organization),
        '"https://api.vantage.omnivector.solutions"': repr(emu.base_url),
    }

    async def wait_for_completion(client: AsyncVantageClient, job_id: str) -> Job:
        return await client.jobs.wait(job_id, timeout=60, poll_interval=0.1)

    namespace: dict[str, Any] = {
        "__name__": "seed_snippets",
        "job_templates": [{"name": f"async-{i}", "spec": {"command": ["echo", f"async {i}"]}} for i in range(3)],
        "wait_for_completion": wait_for_completion,
    }
    try:
        for index, (section, code) in enumerate(blocks, 1):
            ids = cancel_ids if section == "Cancel Job" else example_ids
            for placeholder, value in {**fills, **ids}.items():
                code = code.replace(placeholder, value)
            try:
                exec(compile(code, f"<seed block {index}: {section}>", "exec"), namespace)
            except Exception as exc:
                raise AssertionError(f"seed block {index} ({section}) failed:\n{code}") from exc
        cancelled = [setup.jobs.get(s.id).status for s in sleepers]
    finally:
        setup.jobs.cancel_batch([s.id for s in sleepers])
        setup.close()
        if "client" in namespace:
            namespace["client"].close()

    out = capsys.readouterr().out
    assert f"Job {finished.id}: succeeded" in out
    assert "Created: 20" in out
    assert "Resources: JobResources(cpu='1', memory='1Gi'" in out
    assert "hello" in out.splitlines()  # streamed log line
    assert "Cluster: gpu-cluster (running)" in out
    assert "Cluster: my-cluster" in out and "Nodes: " in out
    assert "/datasets/small-file.txt (10 bytes)" in out
    assert "Upload progress: 100.0%" in out
    assert f"Job: {finished.id}" in out
    assert "Invalid request" not in out and "API error" not in out

    assert namespace["content"] == "small file"
    assert Path("local-dir/sub/b.txt").read_text() == "b\n"
    assert [j.status for j in namespace["results"]] == ["succeeded"] * 3
    assert cancelled == ["cancelled", "cancelled"]
