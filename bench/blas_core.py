"""Which kernels the OpenBLAS that faiss carries runs on this processor, and the best it
could run.

faiss's wheels bring their own OpenBLAS (0.3.15 with faiss-cpu 1.15.1), older than
NumPy's. On a processor newer than that copy knows it falls back to its generic
"Prescott" kernels (SSE3): on an Intel Xeon of family 6, model 207 (7 December 2026) it
did, while NumPy's OpenBLAS chose "SkylakeX", and faiss's exact search of every pair (the
yardstick of ``bench/matching.py --calibrate``) took 20 s at 100,000 x 100,000 instead of
6.4 s. OpenBLAS reads ``OPENBLAS_CORETYPE`` when it loads, so a process started with it
set to a core the processor can run gets that core's kernels.
"""

from __future__ import annotations

import ctypes
import glob
import os
from pathlib import Path

FALLBACK = "Prescott"
"""The core OpenBLAS's dynamic dispatch falls back to for an Intel processor it does not know."""


def faiss_core() -> str:
    """The core name faiss's own OpenBLAS chose in this process ("" where faiss links
    another BLAS)."""
    import faiss

    libs = Path(faiss.__file__).resolve().parent.parent / "faiss_cpu.libs"
    for path in sorted(glob.glob(str(libs / "libopenblas*.so*"))):
        # The library is loaded already: this opens the same copy, it does not load another.
        corename = ctypes.CDLL(path).openblas_get_corename
        corename.restype = ctypes.c_char_p
        return corename().decode()
    return ""


def best_core() -> str | None:
    """The fastest OpenBLAS core this processor can run, from NumPy's reading of its
    features: "SkylakeX" with AVX-512 (F, CD, BW, DQ, VL), "Haswell" with AVX2 and FMA."""
    from numpy._core._multiarray_umath import __cpu_features__ as has

    if all(has.get(f"AVX512{part}") for part in ("F", "CD", "BW", "DQ", "VL")):
        return "SkylakeX"
    if has.get("AVX2") and has.get("FMA3"):
        return "Haswell"
    return None


def restart_on_best_core(argv: list[str]) -> None:
    """Run this process again with ``OPENBLAS_CORETYPE`` set where faiss's OpenBLAS fell
    back to its generic kernels and the processor can run better ones (never where the
    variable is set already)."""
    if "OPENBLAS_CORETYPE" in os.environ or faiss_core() != FALLBACK:
        return
    core = best_core()
    if core is not None:
        os.execve(argv[0], argv, {**os.environ, "OPENBLAS_CORETYPE": core})
