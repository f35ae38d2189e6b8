"""Every PDF Remento makes comes from one place (``core.pdf``): tagged for screen readers,
and fetching nothing but what it carries inside."""

from __future__ import annotations

from remento.core.pdf import pdf_bytes
from tests.pdf_structure import is_tagged, pdf_objects_text

PAGE = """<!doctype html><html lang="en"><head><title>Pilot · report</title></head><body>
<h1>Pilot</h1><table><tr><th>KPI</th><th>Result</th></tr><tr><td>Meetings</td><td>4</td></tr>
</table><img src="http://127.0.0.1:9/tracker.png" alt=""></body></html>"""


def test_a_pdf_is_tagged_with_its_title_and_language() -> None:
    pdf = pdf_bytes(PAGE)

    assert is_tagged(pdf)
    text = pdf_objects_text(pdf)
    assert b"/Lang" in text
    assert b"/Table" in text  # the table is a table, not loose text


def test_a_pdf_fetches_no_outside_address() -> None:
    pdf = pdf_bytes(PAGE)  # the image's address is refused, not fetched

    assert pdf.startswith(b"%PDF-")
    assert b"/Image" not in pdf_objects_text(pdf)
