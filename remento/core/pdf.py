"""HTML to PDF for every document Remento makes (a program's charter, the sponsor's report,
the mentors' certificates).

The documents carry their own styles and draw their charts as ``data:`` images, so nothing
needs fetching: the URL fetcher refuses every other address (``http``, ``https``, ``file``…),
and a template that slipped in an outside link would render without it rather than reach
out of a closed corporate network, or read a file of the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # WeasyPrint loads Pango: imported when a PDF is made, not at start-up
    from weasyprint import Document

# The only kind of address a document may load: what it carries inside itself.
ALLOWED_PROTOCOLS = frozenset({"data"})


def pdf_document(html: str) -> Document:
    """``html`` laid out in pages, loading nothing but ``data:`` URLs."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS, allow_redirects=False, timeout=1)
    return HTML(string=html, url_fetcher=fetcher).render()


def pdf_bytes(html: str) -> bytes:
    """``html`` as the bytes of a tagged PDF (PDF/UA-1): its headings, paragraphs, lists and
    tables are marked as such, so that a screen reader reads it in order and a table's
    cells with their headers, and its title and language come from the page."""
    pdf: bytes = pdf_document(html).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def document_text(document: Document) -> str:
    """The words laid out on every page of ``document``, in reading order (for tests and
    for anyone checking what a PDF says without a PDF reader)."""
    from weasyprint.formatting_structure.boxes import TextBox

    words: list[str] = []
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, TextBox):
                words.append(box.text)
    return " ".join(words)
