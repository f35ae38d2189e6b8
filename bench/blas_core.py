"""Which kernels the OpenBLAS that faiss carries runs on this processor, and the best it
could run.

faiss's wheels bring their own OpenBLAS (0.3.15 with faiss-cpu 1.15.1), older than
NumPy's. On a processor newer than that copy knows it falls back to its generic
"Prescott" kernels (SSE3): on an Intel Xeon of family 6, model 207 (7 December 2026) it
did, while NumPy's OpenBLAS chose "SkylakeX", and faiss's exact search of every pair (the
yardstick of ``bench/matching.py --calibrate``) took 20 s at 100,000 x 100,000 instead of
6.4 s. On an AMD EPYC of family 25, model 17 (AVX-512) it chose "Zen" (Haswell's AVX2
kernels), while its "SkylakeX" ones ran the same yardstick in 9.4-10.2 s against 9.7-11.6 s
(leaving out runs of 16-18 s, which both had). OpenBLAS reads ``OPENBLAS_CORETYPE`` when it
loads, so a process started with it set to a core the processor can run gets that core's
kernels.
"""

from __future__ import annotations

import ctypes
import glob
import os
from pathlib import Path

AS_GOOD = {
    "SkylakeX": ("SkylakeX", "Cooperlake", "SapphireRapids"),
    "Haswell": ("Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"),
}
"""For each best core (see :func:`best_core`), the cores whose kernels are at least as
fast: "Zen" runs Haswell's."""


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


def runs_best(core: str) -> bool:
    """Whether OpenBLAS on ``core`` runs kernels as fast as the best this processor can
    run (true where faiss links another BLAS: ``core`` is "")."""
    best = best_core()
    return not core or best is None or core in AS_GOOD[best]


def restart_on_best_core(argv: list[str]) -> None:
    """Run this process again with ``OPENBLAS_CORETYPE`` set where faiss's OpenBLAS chose
    kernels slower than the best the processor can run: its generic fallback, or AVX2
    kernels on a processor with AVX-512 (never where the variable is set already)."""
    if "OPENBLAS_CORETYPE" in os.environ or runs_best(faiss_core()):
        return
    core = best_core()
    if core is not None:
        os.execve(argv[0], argv, {**os.environ, "OPENBLAS_CORETYPE": core})
