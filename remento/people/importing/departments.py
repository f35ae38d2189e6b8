"""Departments as an import reads them: one department however the file spells it."""

from __future__ import annotations

from remento.matching.engine import category_key, tidy_category


def department_ids_by_key(names: dict[int, str]) -> dict[str, int]:
    """Department pk by category key (``names``: pk → name, oldest first). Two departments
    the directory already spells alike (say "Finance" and "finance ") give the oldest."""
    ids: dict[str, int] = {}
    for pk, name in names.items():
        key = category_key(name)
        if key is not None:
            ids.setdefault(key, pk)
    return ids


def spelling_notes(
    spellings: dict[str, list[str]],
    new_departments: dict[str, str],
    department_ids: dict[str, int],
    department_names: dict[int, str],
) -> list[str]:
    """One sentence per department written in several ways in the file (or in the file and
    the directory): they are one department, named as the directory or the file first does."""
    notes = []
    for key, seen in spellings.items():
        if len(seen) < 2:
            continue
        pk = department_ids.get(key)
        name = tidy_category(department_names[pk]) if pk is not None else new_departments[key]
        written = ", ".join(f"“{spelling}”" for spelling in seen)
        notes.append(f"{len(seen)} spellings of {name} were treated as one department: {written}.")
    return sorted(notes, key=str.casefold)
