"""Every Numba loop of the engine, compiled once and cached in ``__pycache__``.

The rest of the engine is NumPy and plain Python; what must run as a tight loop (the
auction's bids, the dual pass, the sparse search, a by-group sort, a small heap) lives
here, with plain positional parameters (Numba compiles those; keyword-only parameters and
dataclasses would not). The modules that call them give them names: see :mod:`..auction`,
:mod:`..duals`, :mod:`..sparse_search`, :mod:`..search` and :mod:`..edges`.

Callers reach a kernel module as an attribute (``kernels.auction.bid_round``), which
imports it on first use: Numba (most of a second to import) then loads only in a
process that solves, not in every web process that imports the engine.
"""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = ("auction", "dense", "duals", "heap", "search", "sorting")


def __getattr__(name: str) -> ModuleType:
    if name in MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
