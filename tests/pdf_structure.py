"""What a PDF declares about its structure, for tests: the catalogue of a file WeasyPrint
wrote, read from its compressed object streams (no PDF library needed)."""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def pdf_objects_text(pdf: bytes) -> bytes:
    """The file's bytes with every Flate stream inflated beside them."""
    parts = [pdf]
    for match in _STREAM.finditer(pdf):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # not a Flate stream (an image, a font)
    return b"\n".join(parts)


def is_tagged(pdf: bytes) -> bool:
    """Whether the PDF is tagged: a structure tree, and marked content said to be used."""
    text = pdf_objects_text(pdf)
    return b"/StructTreeRoot" in text and re.search(rb"/Marked\s+true", text) is not None
