"""Every script in examples/ runs, as a user would run it, against the session emulator.

Each runs in a subprocess from an empty scratch directory with only VANTAGE_API_KEY,
VANTAGE_BASE_URL and VANTAGE_ORGANIZATION set, must exit 0, must print what it is there to show,
and must leave the directory as empty as it found it. As it would on a real account, it must also
leave the account's storage as it found it (its files go to a folder of its own, which it removes;
job outputs, which the platform writes, aside) and no job of its own unfinished.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import VantageClient

LABEL = "vantage-sdk-example"

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# Script -> lines it must print (one per seed snippet or behaviour worth guarding).
SECTIONS: dict[str, list[str]] = {
    "client_setup.py": [
        "custom: timeout=60.0s max_retries=3",
        "with_options: max_retries 5 (original 2)",
        "own httpx client: ",
        "async: AsyncVantageClient(",
    ],
    "jobs.py": [
        "logs: 'hello\\n'",
        "stream: round 8/8: 200,000 darts thrown",
        "env-job says: MY_VAR=value",
        "list: ",
        "cancel: ",
        "ok=False (Job ",
        "cancel with reason: User requested cancellation",
    ],
    "clusters.py": ["Cluster: my-cluster", "scaled to 10 nodes", "autoscaling 2-20 nodes", "refused before"],
    "storage.py": [
        "upload_directory: transferred ['a.csv', 'nested/b.json'], failed {}",
        "  progress: 100.0%",
        "large-file.tar.gz (20971520 bytes)",
        "download_directory: ['a.csv', 'nested/b.json']",
        "download_to_string: 'small file contents'",
        "round trip of large-file.tar.gz intact: True",
        "cleaned up /vantage-sdk-examples/",
    ],
    "errors.py": [
        "submitted job-",
        "Invalid request: [{'field': 'spec', 'message': 'is required'}]",
        "Invalid request: [{'field': 'spec.command'",
        "Invalid request: [{'field': 'cluster'",
        "Invalid API key",
        "ResourceNotFoundError: status=404 code=not_found request_id=req-",
        "ConflictError: ",
        "APIConnectionError after 2 attempts",
        "AuthorizationError: ",
    ],
    "pagination.py": ["list_all: ", "page 3: ", "has_next=True", "jobs on both pages after a new submit: 0"],
    "async_operations.py": [f"square-{n}: succeeded" for n in range(6)] + ["log of square-5: 25"],
}
DEMO_FLAGS = ["--cluster", "gpu-cluster", "--scale"]  # what `make demo` passes
QUICKSTART = [
    "succeeded with exit code 0",
    "round 8/8: 200,000 darts thrown",
    "pi = 3.1",
    "page 3 (has_next=",
    "cancel_batch: 12 of 12 cancelled",
    "gpu-cluster is running with ",
    "local copies identical: True",
    "ResourceNotFoundError: 404",
    "ConflictError: 409",
    "ValidationError before any request (status_code=None): min_nodes",
    "AuthenticationError: 401",
    "tour finished in ",
]


def stored_files(client: VantageClient) -> set[str]:
    """Every file in the account's storage but the job outputs the platform writes under /jobs/."""
    return {f.path for f in client.storage.list("/", recursive=True) if not f.path.startswith("/jobs/")}


def unfinished_example_jobs(client: VantageClient) -> list[str]:
    return [
        job.id
        for job in client.jobs.list_all(page_size=200)
        if LABEL in (job.labels or {}) and str(job.status) in ("pending", "running")
    ]


def run(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    with VantageClient(
        api_key=env["VANTAGE_API_KEY"], base_url=env["VANTAGE_BASE_URL"], organization=env["VANTAGE_ORGANIZATION"]
    ) as client:
        before = stored_files(client)
        result = subprocess.run([sys.executable, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{argv} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        assert stored_files(client) == before, "the example changed storage outside its own folder"
        assert unfinished_example_jobs(client) == []
    return result


@pytest.fixture
def user_env(vantage_emulator: EmulatorProcess) -> dict[str, str]:
    """A user's environment: the three variables, and no SDK/CLI settings leaking in from ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VANTAGE_")}
    env.update(
        VANTAGE_API_KEY=vantage_emulator.api_key,
        VANTAGE_BASE_URL=vantage_emulator.base_url,
        VANTAGE_ORGANIZATION=vantage_emulator.organization,
    )
    return env


def assert_prints(output: str, expected: list[str]) -> None:
    missing = [line for line in expected if line not in output]
    assert not missing, f"missing {missing} in:\n{output}"


def test_every_example_is_tested() -> None:
    scripts = {p.name for p in EXAMPLES.glob("*.py") if not p.name.startswith("_")}
    assert scripts == {*SECTIONS, "quickstart.py", "run_demo.py"}


def run_section(script: str, cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = run([str(EXAMPLES / script), *args], cwd, env)
    assert_prints(result.stdout, SECTIONS[script])
    assert list(cwd.iterdir()) == []
    return result


@pytest.mark.parametrize("script", sorted(set(SECTIONS) - {"clusters.py", "client_setup.py"}))
def test_section_example(script: str, user_env: dict[str, str], tmp_path: Path) -> None:
    run_section(script, tmp_path, user_env)


def test_clusters_example_restores_the_cluster(user_env: dict[str, str], tmp_path: Path) -> None:
    output = run_section("clusters.py", tmp_path, user_env, "--scale").stdout
    before = re.search(r"^Nodes: (\d+)$", output, re.M)
    after = re.search(r"^back to (\d+) nodes$", output, re.M)
    assert before and after and before.group(1) == after.group(1), output


def test_clusters_example_scales_nothing_without_the_flag(user_env: dict[str, str], tmp_path: Path) -> None:
    # The scaling lines are the only ones missing; the cluster was not asked to change.
    result = run([str(EXAMPLES / "clusters.py")], tmp_path, user_env)
    assert_prints(result.stdout, ["Cluster: my-cluster", "refused before"])
    assert "scaled to" not in result.stdout and "back to" not in result.stdout


def test_client_setup_debug_logs_without_the_key(user_env: dict[str, str], tmp_path: Path) -> None:
    result = run_section("client_setup.py", tmp_path, user_env)
    assert re.search(r"vantage_sdk DEBUG GET http://127\.0\.0\.1:\d+/v1/clusters -> 200", result.stderr), result.stderr
    assert user_env["VANTAGE_API_KEY"] not in result.stdout + result.stderr


def test_quickstart_with_rich(user_env: dict[str, str], tmp_path: Path) -> None:
    # 20 MiB: above the multipart threshold, so the upload goes through parallel parts.
    result = run([str(EXAMPLES / "quickstart.py"), *DEMO_FLAGS, "--file-mib", "20"], tmp_path, user_env)
    assert_prints(result.stdout, QUICKSTART)
    assert "━" in result.stdout + result.stderr  # rich's bars and rules
    assert list(tmp_path.iterdir()) == []


def test_quickstart_without_rich_prints_plain_text(user_env: dict[str, str], tmp_path: Path) -> None:
    # `import rich` fails when sys.modules holds None for it: a machine without the progress extra.
    hide_rich = (
        "import runpy, sys; sys.modules['rich'] = None; sys.path.insert(0, sys.argv[1]); "
        "sys.argv = sys.argv[2:]; runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    argv = ["-c", hide_rich, str(EXAMPLES), str(EXAMPLES / "quickstart.py"), *DEMO_FLAGS, "--file-mib", "17"]
    result = run(argv, tmp_path, user_env)
    assert_prints(result.stdout, QUICKSTART + ["[#########################] 100%     17.0 / 17.0 MiB"])
    assert "━" not in result.stdout + result.stderr


def test_run_demo_runs_a_script_against_its_own_emulator(tmp_path: Path) -> None:
    script = tmp_path / "probe.py"
    script.write_text(
        "import os, sys\n"
        "from vantage_sdk import VantageClient\n"
        "with VantageClient() as client:\n"
        "    print('clusters', len(client.clusters.list()), os.environ['VANTAGE_BASE_URL'], sys.argv[1:])\n"
        "sys.exit(3)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("VANTAGE_")}
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "run_demo.py"), str(script), "--flag"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3, result
    assert re.search(r"^clusters 4 http://127\.0\.0\.1:\d+ \['--flag'\]$", result.stdout, re.M), result.stdout
    assert "Stopped the emulator." in result.stdout


def test_run_demo_refuses_a_missing_script(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "run_demo.py"), "nope.py"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 2 and "no such script: nope.py" in result.stderr
