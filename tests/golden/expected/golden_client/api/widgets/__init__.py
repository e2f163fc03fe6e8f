# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit
"""Contains endpoint functions for accessing the API"""

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import create_widget, delete_widget, get_widget, get_widget_notes, list_widgets, watch_widgets

__all__ = (
    "create_widget",
    "delete_widget",
    "get_widget",
    "get_widget_notes",
    "list_widgets",
    "watch_widgets",
)


# Hidden from type checkers, which would otherwise type any misspelt name as Any instead of reporting it.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> ModuleType:
        if name not in __all__:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        # Importing the submodule also binds it in this package, so this runs once per name.
        return importlib.import_module(f"{__name__}.{name}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
