pytest_plugins = ["vantage_sdk.emulator.pytest_plugin"]
