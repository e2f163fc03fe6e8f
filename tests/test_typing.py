"""What a type checker sees: Literal enum parameters, per-call options, pages and raw responses.

Each snippet is checked with ``mypy --strict`` as a user's file would be; the test reads mypy's
report: the misspelt values and options are errors, the correct uses type-check to public types.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parent.parent

WRONG = """
from vantage_sdk import AsyncVantageClient, VantageClient

client = VantageClient(api_key="k")
client.jobs.list(status="runing")  # line 5
client.clusters.list(provider="azur")  # line 6
client.jobs.get("job-1", include=["log"])  # line 7
client.jobs.get("job-1", extra_body={"a": 1})  # line 8
client.storage.delete("/x", extra_headers={"X-A": 1})  # line 9
client.jobs.wait("job-1", timeout=5, extra_query={"a": 1}, extra_body={})  # line 10


async def main(aclient: AsyncVantageClient) -> None:
    await aclient.jobs.list(status="done")  # line 14
"""

RIGHT = """
from vantage_sdk import AsyncVantageClient, Job, JobStatus, VantageClient

client = VantageClient(api_key="k", profile="prod")
status: JobStatus = "running"
page = client.jobs.list(status=status, timeout=5, extra_headers={"X-A": "b"}, extra_query={"n": 1})
reveal_type(page)
for job in page:
    reveal_type(job)
raw = client.jobs.with_raw_response.get("job-1", include=["logs", "metrics"])
reveal_type(raw)
reveal_type(raw.parse())
clusters = client.clusters.list(status="running", provider="aws")
reveal_type(clusters)
scaled = client.clusters.scale("c", nodes=2, extra_body={"note": "x"})
copy = client.with_options(api_key="k2", default_headers={"X-Team": "ml"}, timeout=3)


async def main(aclient: AsyncVantageClient) -> list[Job]:
    first = await aclient.jobs.list(status="failed")
    reveal_type(first)
    raw = await aclient.storage.with_raw_response.metadata("/x")
    reveal_type(raw.parse())
    return [job async for job in aclient.jobs.list(cluster="local")]
"""


def check(tmp_path: Path, source: str) -> list[str]:
    path = tmp_path / "snippet.py"
    path.write_text(source)
    out, err, _ = mypy_api.run(["--strict", "--no-error-summary", "--cache-dir", str(ROOT / ".mypy_cache"), str(path)])
    assert not err, err
    return out.splitlines()


def test_wrong_values_and_options_fail_the_type_check(tmp_path: Path) -> None:
    report = check(tmp_path, WRONG)
    errors = {int(m.group(1)) for line in report if (m := re.match(r".*snippet\.py:(\d+): error", line))}
    assert errors == {5, 6, 7, 8, 9, 10, 14}, "\n".join(report)
    assert any("Literal['runing']" in line for line in report)


def test_correct_calls_type_check_to_public_types(tmp_path: Path) -> None:
    report = check(tmp_path, RIGHT)
    assert not [line for line in report if ": error" in line], "\n".join(report)
    revealed = [line.split("Revealed type is ", 1)[1].strip('"') for line in report if "Revealed type" in line]
    assert revealed == [
        "vantage_sdk._pagination.SyncPage[vantage_sdk._generated.models.job.Job]",
        "vantage_sdk._generated.models.job.Job",
        "vantage_sdk._response.APIResponse[vantage_sdk._generated.models.job.Job]",
        "vantage_sdk._generated.models.job.Job",
        "vantage_sdk._pagination.ItemList[vantage_sdk._generated.models.cluster.Cluster]",
        "vantage_sdk._pagination.AsyncPage[vantage_sdk._generated.models.job.Job]",
        "vantage_sdk._generated.models.file_info.FileInfo",
    ], "\n".join(report)
