"""The emulator's test knobs: rate limit and fault injection (unit and over HTTP)."""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from vantage_emulator.config import ConfigError
from vantage_emulator.faults import (
    RateLimiter,
    add_cli_arguments,
    apply_cli_arguments,
    fault_settings,
)
from vantage_emulator.testing import run_emulator

OCTET = {"Content-Type": "application/octet-stream"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_is_a_token_bucket_per_key() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate=2, burst=3, clock=clock)
    assert [limiter.acquire("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.acquire("a") == pytest.approx(0.5)
    assert limiter.acquire("b") == 0.0
    clock.now += 0.5
    assert limiter.acquire("a") == 0.0
    assert limiter.acquire("a") == pytest.approx(0.5)
    clock.now += 60
    assert [limiter.acquire("a") for _ in range(4)][-1] > 0  # refills up to the burst only


def test_fault_settings_from_config() -> None:
    settings = fault_settings(
        {"rate_limit": {"requests_per_second": 5}, "faults": {"error_rate": 0.5, "delay_ms": 10, "seed": 3}}
    )
    assert settings.requests_per_second == 5.0 and settings.error_rate == 0.5 and settings.seed == 3
    assert settings.enabled and settings.rate_limited
    assert not fault_settings({}).enabled


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"faults": {"error_rate": 0.6, "drop_after_rate": 0.6}}, "add up to 1.2"),
        ({"faults": {"error_rate": -0.1}}, "faults.error_rate"),
        ({"faults": {"delay_ms": 1.5}}, "faults.delay_ms: must be an integer"),
        ({"faults": {"seed": "x"}}, "faults.seed"),
        ({"faults": {"typo_rate": 0.1}}, "unknown setting(s) typo_rate"),
        ({"faults": [1]}, "faults: must be a mapping"),
        ({"rate_limit": {"requests_per_second": True}}, "rate_limit.requests_per_second"),
        ({"rate_limit": {"burst": 0}}, "rate_limit.burst"),
    ],
)
def test_bad_settings_name_the_setting(options: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        fault_settings(options)


def test_flags_override_the_config_file() -> None:
    parser = argparse.ArgumentParser()
    add_cli_arguments(parser)
    args = parser.parse_args(["--fault-503-rate", "0.25", "--rate-limit", "7", "--fault-seed", "9"])
    settings = SimpleNamespace(options={"faults": {"error_rate": 0.9, "delay_rate": 0.1}})
    apply_cli_arguments(args, settings)
    parsed = fault_settings(settings.options)
    assert (parsed.error_rate, parsed.delay_rate, parsed.requests_per_second, parsed.seed) == (0.25, 0.1, 7.0, 9)
    with pytest.raises(ConfigError):
        apply_cli_arguments(parser.parse_args(["--fault-503-rate", "1.5"]), SimpleNamespace(options={}))


# ----------------------------------------------------------------------------- over HTTP

SEED = 123
RATE = 0.2
DELAY_MS = 200


def expected_faults(count: int) -> list[str]:
    """What each of `count` sequential requests gets, drawn as the emulator draws."""
    draws = random.Random(SEED)
    kinds = ["503", "delay", "drop_before", "drop_after"]
    out = []
    for _ in range(count):
        x = draws.random()
        index = int(x // RATE)
        out.append(kinds[index] if index < len(kinds) else "none")
    return out


def test_injected_faults_are_reproducible_and_drops_happen_before_or_after_processing(tmp_path: Path) -> None:
    knobs = ["--fault-seed", str(SEED), "--fault-delay-ms", str(DELAY_MS)]
    for flag in ("--fault-503-rate", "--fault-delay-rate", "--fault-drop-before-rate", "--fault-drop-after-rate"):
        knobs += [flag, str(RATE)]
    plan = expected_faults(30)
    assert {"503", "delay", "drop_before", "drop_after", "none"} <= set(plan)
    bodies = [bytes([i]) * (200 * 1024) for i in range(len(plan))]
    with run_emulator(data_dir=tmp_path / "data", extra_args=knobs) as emulator:
        with httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=30) as client:
            for i, kind in enumerate(plan):
                started = time.monotonic()
                try:
                    response = client.put(
                        "/v1/storage/content", params={"path": f"/faults/{i}"}, content=bodies[i], headers=OCTET
                    )
                except httpx.TransportError:
                    assert kind in ("drop_before", "drop_after"), f"request {i} ({kind}) lost its connection"
                    continue
                elapsed = time.monotonic() - started
                if kind == "503":
                    assert response.status_code == 503, response.text
                    assert response.headers["retry-after"] == "1"
                    assert response.headers["content-type"] == "application/problem+json"
                    assert response.json()["request_id"] == response.headers["x-request-id"]
                else:
                    assert kind in ("delay", "none"), f"request {i} ({kind}) got {response.status_code}"
                    assert response.status_code == 201
                    if kind == "delay":
                        assert elapsed >= DELAY_MS / 1000, (i, elapsed)
        # Look at what was stored with the knobs off.
        emulator.extra_args = []
        emulator.restart()
        with httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=30) as client:
            for i, kind in enumerate(plan):
                got = client.get("/v1/storage/content", params={"path": f"/faults/{i}"})
                if kind in ("503", "drop_before"):
                    assert got.status_code == 404, f"request {i} ({kind}) was processed"
                else:
                    assert got.status_code == 200 and got.content == bodies[i], f"request {i} ({kind}) was not"


RATE_LIMIT_CONFIG = """
api_keys:
  - key: key-a
    organization: org-a
  - key: key-b
    organization: org-b
rate_limit:
  requests_per_second: 2
  burst: 3
"""


def test_rate_limit_per_key(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(RATE_LIMIT_CONFIG)
    with run_emulator(data_dir=tmp_path / "data", config=config) as emulator:
        a = httpx.Client(base_url=emulator.base_url, headers={"Authorization": "Bearer key-a"})
        b = httpx.Client(base_url=emulator.base_url, headers={"Authorization": "Bearer key-b"})
        with a, b:
            started = time.monotonic()
            statuses = [a.get("/v1/storage/files", params={"path": "/"}) for _ in range(8)]
            elapsed = time.monotonic() - started
            codes = [r.status_code for r in statuses]
            assert codes[:3] == [200, 200, 200]
            assert codes.count(200) <= 3 + int(elapsed * 2) + 1, codes
            limited = [r for r in statuses if r.status_code == 429]
            assert limited, codes
            for response in limited:
                assert int(response.headers["retry-after"]) >= 1
                assert response.json()["code"] == "rate_limited"
                assert response.json()["request_id"] == response.headers["x-request-id"]
            assert b.get("/v1/storage/files", params={"path": "/"}).status_code == 200
            time.sleep(int(limited[-1].headers["retry-after"]))
            assert a.get("/v1/storage/files", params={"path": "/"}).status_code == 200
