"""The reporting line: walking from a person up through their managers.

One walk and one limit for every reader (the profile page, matching's reporting-line rule).
"""

from __future__ import annotations

from collections.abc import Callable

from remento.people.models import Employee

# A manager chain longer than this is a data error (the import rejects cycles); stop there
# rather than loop for ever on a cycle written by hand in the admin.
MAX_MANAGER_CHAIN = 50


def walk_managers[T](
    *,
    employee_pk: int,
    manager_id: int | None,
    manager_of: Callable[[int], tuple[T, int | None] | None],
) -> list[T]:
    """The managers above ``employee_pk``, nearest first, starting from ``manager_id``.

    ``manager_of(pk)`` gives what to list for that manager and the id of their own manager
    (None when the manager is not found, which ends the walk). The walk also ends at the
    top, on a cycle, and after ``MAX_MANAGER_CHAIN`` managers.
    """
    chain: list[T] = []
    seen = {employee_pk}
    while manager_id is not None and manager_id not in seen and len(chain) < MAX_MANAGER_CHAIN:
        found = manager_of(manager_id)
        if found is None:
            break
        item, next_manager_id = found
        chain.append(item)
        seen.add(manager_id)
        manager_id = next_manager_id
    return chain


def manager_chains(organization_id: int) -> dict[int, tuple[int, ...]]:
    """Every employee's managers (ids, nearest first): one query, walked in Python."""
    manager_of: dict[int, int | None] = dict(
        Employee.objects.filter(organization_id=organization_id).values_list("pk", "manager_id")
    )
    return {
        pk: tuple(
            walk_managers(
                employee_pk=pk,
                manager_id=boss,
                manager_of=lambda manager_pk: (manager_pk, manager_of.get(manager_pk)),
            )
        )
        for pk, boss in manager_of.items()
    }
