"""The NEWSSPIDER_* settings as components read them: the value given, else the default of settings.py.

Each default is written once, in newsspider/settings.py; a crawler built without the project's settings
(a test's, or another project's that enables a newsspider component) still gets it from there.
"""

from __future__ import annotations

from typing import Any

from scrapy.settings import BaseSettings
from scrapy.utils.conf import build_component_list

from newsspider import settings as defaults


def default(name: str) -> Any:
    """The default of a NEWSSPIDER_* setting."""
    return getattr(defaults, name)


def option(settings: BaseSettings, name: str) -> Any:
    """A setting's value, else its default."""
    value = settings.get(name)
    return default(name) if value is None else value


def option_bool(settings: BaseSettings, name: str) -> bool:
    return settings.getbool(name, default(name))


def option_int(settings: BaseSettings, name: str) -> int:
    return settings.getint(name, default(name))


def option_float(settings: BaseSettings, name: str) -> float:
    return settings.getfloat(name, default(name))


def components(settings: BaseSettings, name: str) -> list[str]:
    """The import paths of a component dict (NAME_BASE merged with NAME), in the order of their numbers."""
    base = settings.getdict(f"{name}_BASE") if settings.get(f"{name}_BASE") is not None else default(f"{name}_BASE")
    return build_component_list({**base, **settings.getdict(name)})
