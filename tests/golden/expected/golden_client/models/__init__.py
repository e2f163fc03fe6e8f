# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit
"""Contains all the data models used in inputs/outputs"""

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
