# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit
"""Contains all the data models used in inputs/outputs"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .color import Color
    from .parent_type_0 import ParentType0
    from .problem import Problem
    from .widget import Widget
    from .widget_create import WidgetCreate
    from .widget_page import WidgetPage

__all__ = (
    "Color",
    "ParentType0",
    "Problem",
    "Widget",
    "WidgetCreate",
    "WidgetPage",
)

# Which module defines each model (relative to this package).
_MODULES = {
    "Color": ".color",
    "ParentType0": ".parent_type_0",
    "Problem": ".problem",
    "Widget": ".widget",
    "WidgetCreate": ".widget_create",
    "WidgetPage": ".widget_page",
}


# Hidden from type checkers, which would otherwise type any misspelt name as Any instead of reporting it.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        module = _MODULES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
