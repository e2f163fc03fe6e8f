from __future__ import annotations

# The emulator's distribution registers its plugin (pytest11) by this same name, so pytest loads it once;
# naming it keeps its fixtures (`vantage_emulator`, `vantage_client`, `async_vantage_client`) with
# PYTEST_DISABLE_PLUGIN_AUTOLOAD.
pytest_plugins = ["vantage_emulator.pytest_plugin", "contract.plugin"]
