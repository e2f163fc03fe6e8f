from __future__ import annotations

import signal

import pytest

# A test run started in the background by a non-interactive shell (`make test &`, some CI runners)
# inherits SIGINT ignored, and so would every process it starts: the Ctrl-C tests (the CLI exiting
# 130, an interrupted transfer) need SIGINT to interrupt, as it does at a terminal. A handler, unlike
# an ignored signal, is reset to the default in the programs the tests start.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# The emulator's distribution registers its plugin (pytest11) by this same name, so pytest loads it once;
# naming it keeps its fixtures (`vantage_emulator`, `vantage_client`, `async_vantage_client`) with
# PYTEST_DISABLE_PLUGIN_AUTOLOAD.
pytest_plugins = ["vantage_emulator.pytest_plugin", "contract.plugin"]


@pytest.fixture(autouse=True)
def no_user_profiles(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the developer's own ~/.config/vantage/config.toml out of every test (tests set their own)."""
    monkeypatch.setenv("VANTAGE_CONFIG", str(tmp_path_factory.getbasetemp() / "no-vantage-config.toml"))
    monkeypatch.delenv("VANTAGE_PROFILE", raising=False)
