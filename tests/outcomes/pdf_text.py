"""The words of a PDF, for tests: poppler's ``pdftotext`` reads the bytes when installed;
without it, the same HTML laid out by WeasyPrint gives the words of its pages."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

from remento.core.pdf import document_text, pdf_document


def pdf_words(pdf: bytes, *, html: Callable[[], str]) -> str:
    """The text of ``pdf`` (made from the HTML ``html()`` renders, read only without
    ``pdftotext``), whitespace collapsed."""
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    assert pdf.rstrip().endswith(b"%%EOF")
    tool = shutil.which("pdftotext")
    if tool:
        text = subprocess.run(
            [tool, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
    else:
        text = document_text(pdf_document(html()))
    return " ".join(text.split())
