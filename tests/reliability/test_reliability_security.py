"""Security: the API key never leaks, TLS is verified unless turned off explicitly, hostile paths are
refused in both directions, and one organization never sees another's jobs or files."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import ssl
import subprocess
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest
from contract.openapi_hook import ContractChecker

from vantage_emulator.testing import EmulatorProcess, run_emulator
from vantage_sdk import (
    APIConnectionError,
    AsyncVantageClient,
    AuthenticationError,
    AuthorizationError,
    ResourceNotFoundError,
    TransferError,
    ValidationError,
    VantageClient,
    VantageError,
)

from .conftest import Figures
from .faultproxy import FaultPlan, FaultProxy
from .test_reliability_timeouts import StallingServer

MiB = 1024 * 1024
CANARY = "vantage-escape-canary"

# --------------------------------------------------------------------------- the API key


class _Capture(logging.Handler):
    """Every record of every logger, formatted with its traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record) + repr(record.args))


@pytest.fixture
def all_logs() -> Iterator[_Capture]:
    capture = _Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    yield capture
    root.removeHandler(capture)
    root.setLevel(old_level)


@pytest.fixture(scope="module")
def secret_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    key = "vk-live-" + uuid4().hex
    with run_emulator(data_dir=tmp_path_factory.mktemp("secret") / "data", api_key=key) as emulator:
        yield emulator


def everything_said_about(exc: BaseException) -> str:
    """Message, repr, formatted traceback with its causes, and the repr of its attributes."""
    return "\n".join([str(exc), repr(exc), "".join(traceback.format_exception(exc)), repr(vars(exc))])


def test_the_api_key_never_reaches_logs_reprs_errors_or_tracebacks(
    secret_emulator: EmulatorProcess,
    all_logs: _Capture,
    capfd: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    figures: Figures,
    openapi_contract: ContractChecker,
) -> None:
    key, wrong_key = secret_emulator.api_key, "vk-wrong-" + uuid4().hex
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    said: list[str] = []

    def expect_error(call: Callable[[], object], *kinds: type[BaseException]) -> None:
        with pytest.raises(kinds) as info:
            call()
        said.append(everything_said_about(info.value))

    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(20 * MiB))
    proxy_plan = FaultPlan(drop_after=0.3, cut_body=0.2, seed=3)
    with (
        FaultProxy(secret_emulator.base_url, proxy_plan) as flaky,
        VantageClient(api_key=key, base_url=secret_emulator.base_url, debug=True) as client,
        VantageClient(api_key=key, base_url=flaky.base_url, debug=True, max_retries=6) as retrying,
        VantageClient(api_key=wrong_key, base_url=secret_emulator.base_url, debug=True) as wrong,
        VantageClient(api_key=key, base_url="http://127.0.0.1:9", debug=True) as unreachable,
        contextlib.closing(StallingServer()) as silent,
    ):
        copy = client.with_options(timeout=5, max_retries=1)
        said += [repr(o) for o in (client, copy, client.jobs, client.clusters, client.storage, client._core)]
        said += [repr(client._core.config), repr(client._core.http.headers), str(client._core.http.headers)]
        job = client.jobs.submit({"name": "secret", "spec": {"command": ["echo", "hello"]}})
        said += [repr(job), str(list(client.jobs.logs_stream(job.id))), repr(client.clusters.list())]
        retrying.storage.upload(big, "/secret/big.bin")
        said.append(repr(retrying.storage.upload_string("x", "/secret/x.txt")))
        retrying.storage.download("/secret/big.bin", tmp_path / "back.bin")
        said.append(repr([retrying.jobs.get(job.id) for _ in range(10)]))
        expect_error(lambda: client.jobs.get("job-000000000000"), ResourceNotFoundError)
        expect_error(lambda: client.jobs.submit({"name": "x", "spec": {}}), ValidationError)
        expect_error(lambda: client.jobs.list(cluster="Not A Cluster!"), ValidationError)
        # The SDK leaves the cluster name pattern to the server: the one request outside the contract, refused.
        assert [(v.kind, v.status) for v in openapi_contract.take()] == [("request", 400)]
        expect_error(lambda: wrong.jobs.list(), AuthenticationError)
        expect_error(lambda: wrong.storage.upload(big, "/secret/big2.bin"), AuthenticationError)
        expect_error(lambda: client.with_options().clusters.get("no-such"), ResourceNotFoundError)
        expect_error(lambda: unreachable.jobs.get(job.id), APIConnectionError)
        with VantageClient(api_key=key, base_url=silent.base_url, timeout=0.2, max_retries=1, debug=True) as stalled:
            expect_error(lambda: stalled.storage.upload_string("x", "/secret/y.txt"), APIConnectionError)
        with VantageClient(api_key=key, base_url=secret_emulator.base_url, organization="other", debug=True) as other:
            expect_error(lambda: other.jobs.list(), AuthorizationError)
    with pytest.raises(VantageError) as no_key:
        VantageClient(api_key=key + " with a space")
    said.append(everything_said_about(no_key.value))

    out, err = capfd.readouterr()
    everything = "\n".join([*said, *all_logs.lines, out, err])
    sdk_lines = [line for line in all_logs.lines if line.startswith("vantage_sdk ")]
    assert len(sdk_lines) > 50, "debug logging was on: every request should have been logged"
    assert any("retry" in line for line in sdk_lines), "the faults should have caused logged retries"
    for secret in (key, wrong_key, key[8:], wrong_key[9:]):
        assert secret not in everything
    figures.add(
        "API key",
        f"{len(all_logs.lines)} log records ({len(sdk_lines)} from vantage_sdk, debug on, retries included), "
        f"{len(said)} reprs/messages/tracebacks and all stdout/stderr searched: 0 contain the key",
    )


# --------------------------------------------------------------------------- TLS


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_proxy(vantage_emulator: EmulatorProcess, certificate: tuple[Path, Path]) -> Iterator[FaultProxy]:
    """The emulator behind HTTPS with a self-signed certificate."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    with FaultProxy(vantage_emulator.base_url, tls=context) as proxy:
        yield proxy


INSECURE_ENVIRONMENT = {
    "PYTHONHTTPSVERIFY": "0",
    "CURL_CA_BUNDLE": "",
    "REQUESTS_CA_BUNDLE": "",
    "VANTAGE_VERIFY": "false",
    "VANTAGE_TLS_VERIFY": "0",
    "VANTAGE_INSECURE": "1",
}


def test_tls_is_verified_by_default_even_with_insecure_looking_environment(
    tls_proxy: FaultProxy, vantage_emulator: EmulatorProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in INSECURE_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    with VantageClient(api_key=vantage_emulator.api_key, base_url=tls_proxy.base_url) as client:
        for call in (client.clusters.list, client.with_options(max_retries=0).clusters.list):
            with pytest.raises(APIConnectionError) as info:
                call()
            assert "CERTIFICATE_VERIFY_FAILED" in str(info.value)
    assert tls_proxy.requests == [], "no request (and no API key) crossed an unverified connection"


async def test_async_tls_is_verified_by_default(tls_proxy: FaultProxy, vantage_emulator: EmulatorProcess) -> None:
    async with AsyncVantageClient(api_key=vantage_emulator.api_key, base_url=tls_proxy.base_url) as client:
        with pytest.raises(APIConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
            await client.clusters.list()
    assert tls_proxy.requests == []


@pytest.mark.parametrize("how", ["verify=False", "verify=<ca file>", "verify=<ssl context>"])
def test_tls_verification_changes_only_with_an_explicit_argument(
    how: str, tls_proxy: FaultProxy, vantage_emulator: EmulatorProcess, certificate: tuple[Path, Path]
) -> None:
    verify: bool | str | ssl.SSLContext = {
        "verify=False": False,
        "verify=<ca file>": str(certificate[0]),
        "verify=<ssl context>": ssl.create_default_context(cafile=str(certificate[0])),
    }[how]
    with VantageClient(api_key=vantage_emulator.api_key, base_url=tls_proxy.base_url, verify=verify) as client:
        assert any(cluster.name == "local" for cluster in client.clusters.list())
    assert [r.target for r in tls_proxy.requests] == ["/v1/clusters"]


# --------------------------------------------------------------------------- path traversal

# Storage paths that must never name a file: each escapes, or hides an escape from one platform or another.
HOSTILE_REMOTE = [
    f"../{CANARY}", f"/../{CANARY}", f"/../../../../../../tmp/{CANARY}", f"/a/../../{CANARY}",
    f"/a/b/../../../{CANARY}", "/datasets/..", "/datasets/../..", f"//../{CANARY}", f"/./../{CANARY}",
    f"/a/./../../{CANARY}", f"/a//..//../{CANARY}", "/..", "/../", "/a/../", f"{CANARY}",
    f"./{CANARY}", f"~/{CANARY}", f"~root/{CANARY}", f"datasets/../../{CANARY}", f"\\..\\{CANARY}",
    f"/a\\..\\..\\{CANARY}", f"/..\\{CANARY}", f"/a/..\\../{CANARY}", f"C:\\{CANARY}", f"C:/{CANARY}",
    f"c:{CANARY}", f"\\\\server\\share\\{CANARY}", f"//server/share/../{CANARY}", f"/a\x00/../{CANARY}",
    f"/{CANARY}\x00.txt", "/\x00", f"/a/\n/../{CANARY}", f"/a\r\n/../{CANARY}", f"/a/\x1b[2J/{CANARY}",
    f"/a/\u2024\u2024/{CANARY}", f"/a/\uff0e\uff0e/{CANARY}", f"/a/\u2025/{CANARY}", f"/a/\uff0e\uff0e\uff0f{CANARY}",
    f"/a\uff3c..\uff3c{CANARY}", f"/a/ ../{CANARY}", f"/a/.. /{CANARY}", f"/a/.../{CANARY}", f"/a/. ./{CANARY}",
    f"/a/..\t/{CANARY}", f"/a/\u200b../{CANARY}".replace("\u200b", ""), "", "/", "//", "/.", "/./",
    "/" + "a" * 5000, "/" + "a/" * 600 + CANARY, "/" + "x" * 300 + "/" + CANARY, f"/a/../{CANARY}/",
]  # fmt: skip


ROOT_FOLDERS = ("/", "//", "/./")


def test_the_hostile_path_corpus_is_big_enough() -> None:
    assert len(set(HOSTILE_REMOTE)) >= 50


def canaries(*roots: Path) -> list[Path]:
    """Files named after the canary below ``roots``, and directly in /tmp and the working directory: an
    escaped write (a harmless name a download wrote inside its own destination folder does not count)."""
    found = [p for root in roots for p in root.rglob(f"*{CANARY}*")]
    found += [p for root in (Path("/tmp"), Path.cwd()) for p in root.glob(f"*{CANARY}*")]
    return [p for p in found if "destination" not in p.parts]


@pytest.fixture
def escape_roots(tmp_path: Path, vantage_emulator: EmulatorProcess) -> list[Path]:
    """Where an escaping write could land: around the test and the emulator's data dir (and see ``canaries``)."""
    return [tmp_path.parent, vantage_emulator.data_dir.parent]


def test_hostile_upload_names_are_refused_and_nothing_escapes(
    vantage_client: VantageClient, vantage_emulator: EmulatorProcess, tmp_path: Path, escape_roots: list[Path]
) -> None:
    local = tmp_path / "payload.txt"
    local.write_text("payload")
    before = {f.path for f in vantage_client.storage.list("/", recursive=True)}
    refused_locally = 0
    for hostile in HOSTILE_REMOTE:
        uploads = [lambda p=hostile: vantage_client.storage.upload_string("payload", p)]
        if hostile not in ROOT_FOLDERS:  # upload(file, "<folder>/") stores the file in that folder, by design
            uploads.append(lambda p=hostile: vantage_client.storage.upload(local, p))
        for upload in uploads:
            with pytest.raises(ValidationError) as info:
                upload()
            refused_locally += info.value.status_code is None
    assert {f.path for f in vantage_client.storage.list("/", recursive=True)} == before
    assert canaries(*escape_roots) == []
    assert refused_locally >= len(HOSTILE_REMOTE)  # most never left the SDK; the rest got a 400


def test_the_emulator_refuses_hostile_paths_sent_raw(
    vantage_emulator: EmulatorProcess, escape_roots: list[Path], figures: Figures
) -> None:
    statuses: dict[int, int] = {}
    with httpx.Client(base_url=vantage_emulator.base_url, headers=vantage_emulator.headers) as http:
        files_before = http.get("/v1/storage/files", params={"path": "/", "recursive": True}).json()
        for hostile in HOSTILE_REMOTE:
            answers = [
                http.put("/v1/storage/content", params={"path": hostile}, content=b"payload"),
                http.get("/v1/storage/content", params={"path": hostile}),
                http.get("/v1/storage/metadata", params={"path": hostile}),
                http.delete("/v1/storage/files", params={"path": hostile}),
                http.post("/v1/storage/uploads", json={"path": hostile, "size": 7}),
            ]
            for response in answers:
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                assert response.status_code in (400, 422), (hostile, response.request.method, response.text)
        # Escapes percent-encoded in the raw query string, decoded by the server itself.
        for raw in ("/a/%2e%2e/%2e%2e/" + CANARY, "%2F..%2F" + CANARY, "/a/..%5C..%5C" + CANARY, "/a%00/x"):
            response = http.put(f"/v1/storage/content?path={raw}", content=b"payload")
            assert response.status_code == 400, (raw, response.text)
        assert http.get("/v1/storage/files", params={"path": "/", "recursive": True}).json() == files_before
    assert canaries(*escape_roots) == []
    figures.add("path traversal", f"{len(HOSTILE_REMOTE)} hostile storage paths x 5 raw requests: statuses {statuses}")


PAYLOAD = b"payload"


def hostile_listing(names: list[str]) -> httpx.MockTransport:
    """A server whose listing of /remote-dir/ offers files under hostile names (the emulator refuses to store such
    names, so only a fake server can offer them)."""
    digest = hashlib.sha256(PAYLOAD).hexdigest()
    items = [
        {"path": "/remote-dir/" + name, "name": name, "type": "file", "size": len(PAYLOAD), "sha256": digest}
        for name in names
    ]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/storage/files":
            return httpx.Response(200, json={"items": items, "has_next": False, "next_page_token": None})
        return httpx.Response(200, content=PAYLOAD)

    return httpx.MockTransport(answer)


HOSTILE_NAMES = [p.lstrip("/") for p in HOSTILE_REMOTE if p.strip("/")] + [
    f"link/{CANARY}", f"link/../../{CANARY}", f"sub/../../{CANARY}", f"/etc/{CANARY}", f"//{CANARY}", f"D:{CANARY}",
]  # fmt: skip


def escapes(name: str) -> bool:
    """Whether writing ``<destination>/<name>`` on this machine could land outside the destination, or means
    something else on another platform (backslashes, drive letters, control characters)."""
    return (
        name.startswith("/")
        or ".." in name.split("/")
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name) is not None
        or name.startswith("link/")
        or any(ord(c) < 32 for c in name)
    )


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_download_directory_refuses_names_that_would_land_outside_it(name: str, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    destination = tmp_path / "deep" / "down" / "destination"
    destination.mkdir(parents=True)
    (destination / "link").symlink_to(outside)
    http = httpx.Client(transport=hostile_listing([name, "fine.txt"]), base_url="http://storage.invalid")
    with VantageClient(api_key="k", http_client=http) as client:
        try:
            client.storage.download_directory("/remote-dir/", destination)
        except TransferError as exc:
            assert repr("/remote-dir/" + name) in str(exc), "the error names the refused file"
            written = [p for p in tmp_path.rglob("*") if p.is_file()]
            assert written == [], "the whole transfer is refused before any file is written"
        else:
            assert not escapes(name), f"{name!r} was downloaded"
    # Whatever was written (a name that is odd but harmless here) is inside the destination.
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert destination.resolve() in path.resolve().parents, path
    assert canaries(outside) == [] and not any(outside.iterdir())


# --------------------------------------------------------------------------- organizations


@pytest.fixture(scope="module")
def two_organizations(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmulatorProcess, str, str]]:
    folder = tmp_path_factory.mktemp("orgs")
    alpha, beta = "alpha-" + uuid4().hex, "beta-" + uuid4().hex
    config = folder / "config.yaml"
    config.write_text(
        json.dumps({"api_keys": [{"key": alpha, "organization": "alpha"}, {"key": beta, "organization": "beta"}]})
    )
    with run_emulator(data_dir=folder / "data", api_key=alpha, organization="alpha", config=config) as emulator:
        yield emulator, alpha, beta


def test_one_organizations_key_gets_404_for_every_job_and_file_of_another(
    two_organizations: tuple[EmulatorProcess, str, str], tmp_path: Path, figures: Figures
) -> None:
    emulator, alpha_key, beta_key = two_organizations
    alpha = VantageClient(api_key=alpha_key, base_url=emulator.base_url)
    beta = VantageClient(api_key=beta_key, base_url=emulator.base_url)
    with alpha, beta:
        running = alpha.jobs.submit({"name": "a-running", "spec": {"command": ["sleep", "30"]}})
        done = alpha.jobs.submit({"name": "a-done", "spec": {"command": ["echo", "alpha"]}})
        alpha.jobs.wait(done.id, timeout=30, poll_interval=0.1)
        alpha.storage.upload_string("alpha's secret", "/shared/secret.txt")
        big = tmp_path / "big.bin"
        big.write_bytes(os.urandom(17 * MiB))
        alpha.storage.upload(big, "/shared/big.bin")
        session = httpx.post(
            f"{emulator.base_url}/v1/storage/uploads",
            headers={"Authorization": f"Bearer {alpha_key}"},
            json={"path": "/shared/pending.bin", "size": 10, "part_size": 1024},
        ).json()["upload_id"]

        job_calls: list[Callable[[str], Any]] = [
            beta.jobs.get,
            lambda j: beta.jobs.get(j, include=["logs", "outputs", "metrics", "events"]),
            beta.jobs.logs,
            lambda j: list(beta.jobs.logs_stream(j)),
            beta.jobs.cancel,
            lambda j: beta.jobs.wait(j, timeout=5),
        ]
        file_calls: list[Callable[[str], Any]] = [
            beta.storage.metadata,
            beta.storage.download_to_string,
            lambda p: beta.storage.download(p, tmp_path / "stolen.bin"),
            beta.storage.delete,
        ]
        refused = 0
        for job_id in (running.id, done.id):
            for call in job_calls:
                with pytest.raises(ResourceNotFoundError):
                    call(job_id)
                refused += 1
        for path in ("/shared/secret.txt", "/shared/big.bin"):
            for call in file_calls:
                with pytest.raises(ResourceNotFoundError):
                    call(path)
                refused += 1
        with pytest.raises(ResourceNotFoundError):
            beta.storage.delete("/shared/", recursive=True)
        results = beta.jobs.cancel_batch([running.id, done.id])
        assert [r.ok for r in results] == [False, False]
        raw = httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {beta_key}"})
        with raw:
            for method, url in (
                ("GET", f"/v1/storage/uploads/{session}"),
                ("PUT", f"/v1/storage/uploads/{session}/parts/1"),
                ("POST", f"/v1/storage/uploads/{session}/complete"),
                ("DELETE", f"/v1/storage/uploads/{session}"),
            ):
                body = b"0123456789" if method == "PUT" else json.dumps({"sha256": "0" * 64}).encode()
                kind = "application/json" if method == "POST" else "application/octet-stream"
                response = raw.request(method, url, content=body, headers={"Content-Type": kind})
                assert response.status_code == 404, (method, url, response.text)
                refused += 1
        assert [j.id for j in beta.jobs.list_all()] == []
        assert beta.storage.list("/", recursive=True) == []
        with pytest.raises(AuthorizationError):
            VantageClient(api_key=beta_key, base_url=emulator.base_url, organization="alpha").jobs.list()

        # Beta's own file at the same path is beta's alone; alpha's is untouched.
        beta.storage.upload_string("beta's own", "/shared/secret.txt")
        assert alpha.storage.download_to_string("/shared/secret.txt") == "alpha's secret"
        assert beta.storage.download_to_string("/shared/secret.txt") == "beta's own"
        assert alpha.jobs.get(running.id).status in ("pending", "running")
        assert alpha.jobs.get(done.id).status == "succeeded"
        alpha.jobs.cancel(running.id)
    figures.add("organizations", f"{refused} cross-organization calls (jobs, files, upload session): all 404")
