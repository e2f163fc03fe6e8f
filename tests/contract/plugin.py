"""pytest plugin: every request an SDK client sends to a local server, and every response, is checked
against openapi/vantage.yaml for the whole test session; a violation fails the test that caused it.

Enabled from tests/conftest.py (``pytest_plugins``). The SDK installs its hooks on every httpx client
it is given or builds (``vantage_sdk._base_client.install_response_guard``); the session fixture wraps
that function so the contract hooks ride along on clients with a real network transport (an
``httpx.MockTransport`` answers whatever a unit test wants and is not the emulator). The test that
breaks the contract fails at the end of its call phase with each violation listed; violations in
fixture teardown fail that teardown.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

import httpx
import pytest

import vantage_sdk._base_client

from .openapi_hook import ContractChecker, Violation

__all__ = ["openapi_contract"]

_checker: ContractChecker | None = None
_checked: tuple[int, int] = (0, 0)


def _fail_on(violations: list[Violation], when: str) -> None:
    if violations:
        listed = "\n  ".join(str(v) for v in violations)
        pytest.fail(
            f"{len(violations)} contract violation(s) {when} (openapi/vantage.yaml):\n  {listed}", pytrace=False
        )


@pytest.fixture(scope="session", autouse=True)
def openapi_contract() -> Iterator[ContractChecker]:
    """The session's contract checker, installed on every SDK client with a real transport."""
    global _checker, _checked
    checker = ContractChecker()
    original = vantage_sdk._base_client.install_response_guard

    def install_hooks(http: httpx.Client | httpx.AsyncClient, max_response_bytes: int) -> None:
        original(http, max_response_bytes)
        if isinstance(getattr(http, "_transport", None), (httpx.HTTPTransport, httpx.AsyncHTTPTransport)):
            checker.install(http)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vantage_sdk._base_client, "install_response_guard", install_hooks)
        _checker = checker
        try:
            yield checker
        finally:
            _checker = None
            _checked = (checker.requests_checked, checker.responses_checked)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    try:
        result = yield
    except BaseException:
        violations = _checker.take() if _checker is not None else []
        if violations:
            item.add_report_section("call", "contract violations", "\n".join(map(str, violations)))
        raise
    _fail_on(_checker.take() if _checker is not None else [], "during the test")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    result = yield
    _fail_on(_checker.take() if _checker is not None else [], "during teardown")
    return result


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if any(_checked):
        requests, responses = _checked
        terminalreporter.write_line(
            f"contract (openapi/vantage.yaml): {requests} SDK requests and {responses} responses checked"
        )
