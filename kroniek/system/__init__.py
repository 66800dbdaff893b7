"""Systems under test: the interface, the registry and the one way to run them.

>>> from kroniek.system import names
>>> "rules.v1" in names()
True
"""

from .base import TASKS, System, Unavailable
from .registry import GROUP, describe, get, names, register, system_class
from .run import LEARN_FROM, blind, predict, prepared, protocol

__all__ = ["System", "Unavailable", "TASKS", "GROUP", "register", "get", "names",
           "system_class", "describe", "predict", "prepared", "protocol", "blind", "LEARN_FROM"]
