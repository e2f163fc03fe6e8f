"""End-to-end tests of the `vantage` command: jobs, clusters, configuration, errors, exit codes."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import CLI, assert_clean_error

JOB_ID = re.compile(r"^job-[0-9a-f]{12}$")


def template(tmp: Path, command: list[str], *, name: str = "cli-job", suffix: str = ".yaml") -> Path:
    """Write a job template file (YAML or JSON) running `command`."""
    path = tmp / f"{name}{suffix}"
    body = {"name": name, "spec": {"command": command, "env": {"GREETING": "from-template"}}}
    if suffix == ".json":
        path.write_text(json.dumps(body))
    else:
        lines = [f"name: {name}", "spec:", "  command:"] + [f"    - {json.dumps(c)}" for c in command]
        lines += ["  env:", "    GREETING: from-template"]
        path.write_text("\n".join(lines) + "\n")
    return path


# --- help and usage ---------------------------------------------------------------------------


def test_help_lists_every_command_group(cli: CLI) -> None:
    result = cli.ok("--help")
    for group in ("jobs", "clusters", "storage", "emulator"):
        assert group in result.stdout
    jobs = cli.ok("jobs", "--help").stdout
    for command in ("list", "submit", "get", "logs", "cancel", "wait"):
        assert command in jobs


def test_version(cli: CLI) -> None:
    from vantage_sdk import __version__

    assert cli.ok("--version").stdout == f"vantage (omnivector-vantage-sdk {__version__})\n"


def test_help_does_not_import_the_sdk_or_rich_renderers() -> None:
    # `vantage --help` must stay quick: nothing heavy is imported until a command runs.
    probe = (
        "import sys\n"
        "from vantage_sdk.cli import main\n"
        "try:\n"
        "    main(['jobs', 'submit', '--help'])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "heavy = sorted(m for m in ('httpx', 'vantage_sdk._generated', 'vantage_sdk._base_client',"
        " 'vantage_sdk._client', 'rich.table', 'rich.progress', 'yaml') if m in sys.modules)\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    "args",
    [
        ["jobs", "frobnicate"],
        ["jobs", "list", "--status", "sleeping"],
        ["jobs", "list", "--limit", "0"],
        ["jobs", "list", "--all", "--page-token", "abc"],
        ["clusters", "scale", "local", "--nodes", "2", "--min", "1", "--max", "3"],
        ["clusters", "scale", "local", "--min", "1"],
        ["clusters", "scale", "local", "--nodes", "-1"],
        ["jobs", "submit", "{template}", "--env", "NOEQUALS"],
        ["jobs", "submit", "missing.yaml"],
        ["jobs", "submit", "{template}", "--timeout", "5"],
        ["jobs", "logs", "job-000000000000", "--since", "yesterday"],
        ["jobs", "logs", "job-000000000000", "--since", "2024-01-01T00:00:00"],
        ["jobs", "logs", "job-000000000000", "--follow", "--tail", "3"],
        ["storage", "cp", "a.txt", "b.txt"],
        ["storage", "cp", "vantage:/a.txt", "vantage:/b.txt"],
    ],
)
def test_usage_errors_exit_2_without_traceback(cli: CLI, args: list[str]) -> None:
    path = str(template(cli.home, ["true"]))
    assert_clean_error(cli.run(*(path if a == "{template}" else a for a in args)), 2)


# --- clusters ---------------------------------------------------------------------------------


def test_clusters_list_json_and_table(cli: CLI) -> None:
    document = cli.ok("clusters", "list", "--json").json()
    assert set(document) == {"items"}
    names = {c["name"] for c in document["items"]}
    assert {"local", "gpu-cluster"} <= names
    local = next(c for c in document["items"] if c["name"] == "local")
    assert local["provider"] == "local" and local["total_resources"]["cpu_cores"] >= 1

    aws = cli.ok("--json", "clusters", "list", "--provider", "aws").json()
    assert "gpu-cluster" in {c["name"] for c in aws["items"]}
    assert {c["provider"] for c in aws["items"]} == {"aws"}

    table = cli.ok("clusters", "list").stdout
    assert "NAME" in table and "gpu-cluster" in table and "us-west-2" in table


def test_clusters_get_shows_metrics_and_nodes(cli: CLI) -> None:
    document = cli.ok("clusters", "get", "local", "--json").json()
    assert document["name"] == "local"
    assert "metrics" in document and "nodes" in document
    assert len(document["nodes"]) == document["node_count"]
    table = cli.ok("clusters", "get", "local").stdout
    assert "cpu utilization" in table and "local" in table


def test_clusters_get_missing_is_api_error_with_request_id(cli: CLI) -> None:
    result = cli.run("clusters", "get", "no-such-cluster")
    assert_clean_error(result, 1)
    assert "404" in result.stderr
    assert re.search(r"request id req-[0-9a-f]+", result.stderr), result.stderr


def test_clusters_scale_fixed_and_autoscaling(cli: CLI) -> None:
    # my-cluster is the seed's example cluster, the one tests sharing the emulator scale.
    fixed = cli.ok("clusters", "scale", "my-cluster", "--nodes", "2", "--json").json()
    assert fixed["name"] == "my-cluster" and fixed["autoscaling"] is None
    auto = cli.ok("clusters", "scale", "my-cluster", "--min", "1", "--max", "4", "--target", "0.5", "--json").json()
    assert auto["autoscaling"] == {"min_nodes": 1, "max_nodes": 4, "target_utilization": 0.5}
    human = cli.ok("clusters", "scale", "my-cluster", "--nodes", "1").stdout
    assert "my-cluster" in human and "autoscaling" in human
    # min above max is refused by the SDK before any request: the caller's mistake.
    assert_clean_error(cli.run("clusters", "scale", "my-cluster", "--min", "5", "--max", "2"), 2)


# --- jobs -------------------------------------------------------------------------------------


def test_jobs_submit_get_list_logs(cli: CLI) -> None:
    path = template(cli.home, ["sh", "-c", 'echo "hello $GREETING $EXTRA"; echo second'])
    job = cli.ok("jobs", "submit", str(path), "--env", "EXTRA=x=y", "--priority", "5", "--json").json()
    assert JOB_ID.match(job["id"]) and job["name"] == "cli-job" and job["priority"] == 5

    finished = cli.ok("jobs", "wait", job["id"], "--timeout", "60", "--json").json()
    assert finished["status"] == "succeeded" and finished["exit_code"] == 0

    got = cli.ok("jobs", "get", job["id"], "--include", "metrics", "--json").json()
    assert got["id"] == job["id"] and "metrics" in got

    logs = cli.ok("jobs", "logs", job["id"], "--json").json()
    assert logs == {"job_id": job["id"], "lines": ["hello from-template x=y", "second"]}
    assert cli.ok("jobs", "logs", job["id"]).stdout == "hello from-template x=y\nsecond\n"
    followed = cli.ok("jobs", "logs", job["id"], "--follow", "--json")
    assert followed.json() == logs  # a finished job's stream is its whole log, then the end
    assert followed.stderr.startswith("hello from-template x=y\nsecond\n")
    assert cli.ok("jobs", "logs", job["id"], "--tail", "1").stdout == "second\n"
    stamped = cli.ok("jobs", "logs", job["id"], "--timestamps").stdout.splitlines()
    assert re.match(r"^\d{4}-\d\d-\d\dT\S+ hello from-template x=y$", stamped[0])

    listing = cli.ok("jobs", "list", "--status", "succeeded", "--json").json()
    assert set(listing) == {"items", "has_next", "next_page_token"}
    assert job["id"] in {j["id"] for j in listing["items"]}
    assert all(j["status"] == "succeeded" for j in listing["items"])

    table = cli.ok("jobs", "list", "--limit", "5").stdout
    assert "STATUS" in table and job["id"] in table
    human = cli.ok("jobs", "get", job["id"]).stdout
    assert job["id"] in human and "succeeded" in human


def test_jobs_list_pages_and_all(cli: CLI) -> None:
    path = template(cli.home, ["true"], name="pager")
    for _ in range(3):
        cli.ok("jobs", "submit", str(path), "--json")
    first = cli.ok("jobs", "list", "--limit", "2", "--json").json()
    assert len(first["items"]) == 2 and first["has_next"] is True and first["next_page_token"]
    second = cli.ok("jobs", "list", "--limit", "2", "--page-token", first["next_page_token"], "--json").json()
    assert not {j["id"] for j in first["items"]} & {j["id"] for j in second["items"]}
    everything = cli.ok("jobs", "list", "--all", "--limit", "2", "--json").json()
    assert everything["has_next"] is False and everything["next_page_token"] is None
    ids = [j["id"] for j in everything["items"]]
    assert len(ids) == len(set(ids)) >= 3
    assert {j["id"] for j in first["items"] + second["items"]} <= set(ids)
    human = cli.run("jobs", "list", "--limit", "1")
    assert human.returncode == 0 and "--page-token" in human.stderr


def test_submit_wait_exits_with_the_job_result(cli: CLI) -> None:
    ok = cli.run("jobs", "submit", str(template(cli.home, ["true"], name="ok")), "--wait", "--json")
    assert ok.returncode == 0, str(ok)
    assert ok.json()["status"] == "succeeded"

    failing = template(cli.home, ["sh", "-c", "echo doomed; exit 3"], name="doomed", suffix=".json")
    bad = cli.run("jobs", "submit", str(failing), "--wait", "--json")
    assert bad.returncode == 1, str(bad)
    assert bad.json()["status"] == "failed" and bad.json()["exit_code"] == 3
    assert "Traceback" not in bad.stderr


def test_submit_follow_streams_logs_then_exits_with_result(cli: CLI) -> None:
    path = template(cli.home, ["sh", "-c", "echo one; sleep 0.3; echo two; exit 4"], name="follow")
    human = cli.run("jobs", "submit", str(path), "--follow")
    assert human.returncode == 1, str(human)
    assert human.stdout.startswith("one\ntwo\n"), str(human)

    document = cli.run("jobs", "submit", str(path), "--follow", "--json")
    assert document.returncode == 1
    assert document.json()["exit_code"] == 4  # stdout: just the final job
    assert "one\ntwo\n" in document.stderr  # the live lines went to stderr


def test_submit_bad_template_is_a_usage_error_naming_the_file(cli: CLI) -> None:
    bad = cli.home / "bad.yaml"
    bad.write_text("name: broken\nspec:\n  image: ubuntu\n")  # no command
    result = cli.run("jobs", "submit", str(bad))
    assert_clean_error(result, 2)
    assert "bad.yaml" in result.stderr and "command" in result.stderr


def test_submit_unknown_cluster_is_api_error(cli: CLI) -> None:
    result = cli.run("jobs", "submit", str(template(cli.home, ["true"])), "--cluster", "nowhere")
    assert_clean_error(result, 1)
    assert "422" in result.stderr or "400" in result.stderr
    assert "request id req-" in result.stderr


def test_cancel_one_and_many(cli: CLI) -> None:
    sleeper = template(cli.home, ["sleep", "30"], name="sleeper")
    first = cli.ok("jobs", "submit", str(sleeper), "--json").json()["id"]
    second = cli.ok("jobs", "submit", str(sleeper), "--json").json()["id"]
    done = cli.ok("jobs", "submit", str(template(cli.home, ["true"], name="quick")), "--wait", "--json").json()["id"]

    one = cli.ok("jobs", "cancel", first, "--reason", "tests are done", "--json").json()
    assert one == {"results": [{"job_id": first, "ok": True, "job_status": "cancelled"}]}
    assert cli.ok("jobs", "get", first, "--json").json()["status_reason"] == "tests are done"

    many = cli.run("jobs", "cancel", second, done, "--json")
    assert many.returncode == 1, str(many)  # the finished job could not be cancelled
    results = {r["job_id"]: r for r in many.json()["results"]}
    assert results[second]["ok"] is True
    assert results[done]["ok"] is False and results[done]["job_status"] == "succeeded"

    wait = cli.run("jobs", "wait", second, "--json")
    assert wait.returncode == 1 and wait.json()["status"] == "cancelled"


def test_jobs_get_missing_and_wait_timeout(cli: CLI) -> None:
    missing = cli.run("jobs", "get", "job-000000000000")
    assert_clean_error(missing, 1)
    assert "404" in missing.stderr and "request id req-" in missing.stderr

    job = cli.ok("jobs", "submit", str(template(cli.home, ["sleep", "30"], name="slow")), "--json").json()["id"]
    try:
        timed_out = cli.run("jobs", "wait", job, "--timeout", "0.5")
        assert_clean_error(timed_out, 1)
        assert job in timed_out.stderr
    finally:
        cli.run("jobs", "cancel", job)


def test_logs_follow_is_live_and_ctrl_c_exits_130(cli: CLI) -> None:
    path = template(cli.home, ["sh", "-c", "echo started; sleep 30"], name="forever")
    job = cli.ok("jobs", "submit", str(path), "--json").json()["id"]
    proc = cli.popen("jobs", "logs", job, "-f")
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "started\n"  # printed while the job still runs
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 130
        assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")
    finally:
        proc.kill()
        proc.communicate()
        cli.run("jobs", "cancel", job)


# --- configuration ----------------------------------------------------------------------------


def test_profile_supplies_credentials(cli: CLI) -> None:
    emu = cli.emulator
    cli.write_config(
        f'[profiles.emu]\napi_key = "{emu.api_key}"\nbase_url = "{emu.base_url}"\n'
        f'organization = "{emu.organization}"\ntimeout = 30\nmax_retries = 0\n'
    )
    no_env = {"VANTAGE_API_KEY": None, "VANTAGE_BASE_URL": None, "VANTAGE_ORGANIZATION": None}
    by_flag = cli.run("--profile", "emu", "clusters", "list", "--json", env=no_env)
    assert by_flag.returncode == 0, str(by_flag)
    assert {"local", "gpu-cluster"} <= {c["name"] for c in by_flag.json()["items"]}
    by_env = cli.run("clusters", "list", "--json", env={**no_env, "VANTAGE_PROFILE": "emu"})
    assert by_env.returncode == 0, str(by_env)


def test_default_profile_is_below_environment_and_chosen_profile_above(cli: CLI) -> None:
    emu = cli.emulator
    cli.write_config(
        f'[profiles.default]\napi_key = "wrong-key"\nbase_url = "{emu.base_url}"\n\n'
        f'[profiles.broken]\napi_key = "wrong-key"\nbase_url = "{emu.base_url}"\n'
    )
    # The environment's (valid) key beats the default profile...
    assert cli.run("clusters", "list", "--json").returncode == 0
    # ...but a chosen profile beats the environment, and its bad key is an API error.
    denied = cli.run("--profile", "broken", "clusters", "list")
    assert_clean_error(denied, 1)
    assert "401" in denied.stderr
    # ...and a flag beats everything.
    assert cli.run("--profile", "broken", "--api-key", emu.api_key, "clusters", "list").returncode == 0
    # Without an environment key the default profile is used (and is wrong here).
    assert cli.run("clusters", "list", env={"VANTAGE_API_KEY": None}).returncode == 1


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ("[profiles.x\n", "not valid TOML"),
        ('[profiles.default]\napi_kee = "k"\n', "api_kee"),
        ("[profiles.default]\nmax_retries = -1\n", "max_retries"),
        ('colour = "blue"\n', "colour"),
    ],
)
def test_broken_config_is_a_usage_error_naming_the_problem(cli: CLI, config: str, fragment: str) -> None:
    cli.write_config(config)
    result = cli.run("clusters", "list")
    assert_clean_error(result, 2)
    assert fragment in result.stderr and "config.toml" in result.stderr


def test_missing_profile_and_missing_key_are_usage_errors(cli: CLI) -> None:
    cli.write_config('[profiles.a]\napi_key = "k"\n')
    missing = cli.run("--profile", "nope", "clusters", "list")
    assert_clean_error(missing, 2)
    assert "nope" in missing.stderr and "a" in missing.stderr
    no_key = cli.run("clusters", "list", env={"VANTAGE_API_KEY": None})
    assert_clean_error(no_key, 2)
    assert "VANTAGE_API_KEY" in no_key.stderr


def test_local_io_error_is_error_1_with_a_message(cli: CLI) -> None:
    cli.ok("storage", "cp", str(template(cli.home, ["true"])), "vantage:/cli-tests/io-error.yaml")
    result = cli.run("storage", "cp", "vantage:/cli-tests/io-error.yaml", "/proc/io-error.yaml")
    assert_clean_error(result, 1)
    assert "/proc" in result.stderr


def test_unreachable_server_is_error_1(cli: CLI) -> None:
    result = cli.run("--base-url", "http://127.0.0.1:9", "clusters", "list", env={"VANTAGE_API_KEY": "k"}, timeout=60)
    assert_clean_error(result, 1)


def test_bad_api_key_flag_is_api_error(cli: CLI) -> None:
    result = cli.run("--api-key", "not-a-key", "jobs", "list")
    assert_clean_error(result, 1)
    assert "401" in result.stderr and "request id req-" in result.stderr
    assert "not-a-key" not in result.stderr


def test_global_and_local_json_flags_agree(cli: CLI) -> None:
    assert cli.ok("--json", "clusters", "get", "local").json()["name"] == "local"
    assert cli.ok("clusters", "get", "local", "--json").json()["name"] == "local"


def test_emulator_command_shares_the_emulator_flags(cli: CLI) -> None:
    ours = cli.ok("emulator", "--help", timeout=30).stdout
    theirs = subprocess.run(
        [str(Path(sys.executable).with_name("vantage-emulator")), "--help"], capture_output=True, text=True
    ).stdout
    for flag in ("--host", "--port", "--data-dir", "--api-key", "--organization"):
        assert flag in ours and flag in theirs


def test_emulator_command_without_the_emulator_names_what_to_install() -> None:
    # The emulator is a separate distribution: without it, one line saying what to install, exit 2.
    probe = (
        "import sys\n"
        "sys.modules['vantage_emulator'] = None\n"
        "from vantage_sdk.cli import main\n"
        "try:\n"
        "    main(['emulator', '--port', '0'])\n"
        "except SystemExit as e:\n"
        "    sys.exit(e.code)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Error: `vantage emulator` needs the `emulator` extra: pip install 'omnivector-vantage-sdk[emulator]'"
    ]


def test_emulator_command_starts_a_working_emulator(cli: CLI, tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = cli.popen(
        "emulator",
        "--port",
        str(port),
        "--data-dir",
        str(tmp_path / "emu"),
        "--api-key",
        "own-key",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        env = {
            "VANTAGE_API_KEY": "own-key",
            "VANTAGE_BASE_URL": f"http://127.0.0.1:{port}",
            "VANTAGE_ORGANIZATION": None,
        }
        deadline = time.monotonic() + 30
        while True:
            result = cli.run("clusters", "list", "--json", env=env)
            if result.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert result.returncode == 0, str(result)
        assert "local" in {c["name"] for c in result.json()["items"]}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
