"""Building HRIS files for the import tests."""

from __future__ import annotations

from remento.people.importing.columns import column_for

HEADER = [
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "title",
    "department",
    "level",
    "manager_id",
    "location",
    "timezone",
    "hire_date",
    "leave_date",
    "birth_year",
]


def person(employee_id: str, /, **values: str) -> dict[str, str]:
    """A valid row; ``values`` override its cells."""
    number = employee_id.lstrip("E")
    return {
        "employee_id": employee_id,
        "first_name": f"First{number}",
        "last_name": f"Last{number}",
        "email": f"p{number}@acme.example",
        "title": "Analyst",
        "department": "Finance",
        "level": "3",
        "manager_id": "",
        "location": "London",
        "timezone": "Europe/London",
        "hire_date": "2020-01-06",
        "leave_date": "",
        "birth_year": "1990",
    } | values


def csv_bytes(
    rows: list[dict[str, str]],
    header: list[str] | None = None,
    delimiter: str = ",",
    bom: bool = False,
) -> bytes:
    """The rows as a CSV file; ``header`` picks (and names) the columns, in order (rows are
    keyed by canonical column, so a header may be an alias)."""
    columns = header or HEADER

    def cell(value: str) -> str:
        if any(char in value for char in f'"\n{delimiter}'):
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = [delimiter.join(cell(name) for name in columns)]
    for row in rows:
        lines.append(
            delimiter.join(cell(row.get(column_for(name) or name, "")) for name in columns)
        )
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()
