"""What the import page shows of a plan, as plain data (JSON-able).

The page renders a preview from this data whether the plan was made in the request (a small
file) or by the task worker (a large one, ``checking``), which keeps the worker's preview
the very same as the request's. It holds the first ``PEOPLE_SHOWN`` people of each list and
the first ``PROBLEMS_SHOWN`` problems; the counts are always complete.
"""

from __future__ import annotations

from typing import Any

from remento.core.errors import RowProblem
from remento.people.importing.accounts import PrivilegedChange
from remento.people.importing.plan import ImportPlan
from remento.people.services.personal_data import leavers_offboard_preview

PROBLEMS_SHOWN = 1000
PEOPLE_SHOWN = 200

Preview = dict[str, Any]


def _held(change: PrivilegedChange) -> dict[str, Any]:
    return {
        "row": change.row.row,
        "name": change.name,
        "role": change.role,
        "description": change.description,
        "confirmable": change.confirmable,
    }


def preview_of(plan: ImportPlan) -> Preview:
    """The preview of ``plan``: counts, departments, sign-ins, held changes, what the people
    who leave lose, warnings and the first people of each list, with the fingerprint the
    confirmation must match."""
    return {
        "counts": plan.counts,
        "level_counts": plan.level_counts,
        "level_dated": "level_effective_date" in plan.present,
        "sign_in_counts": plan.sign_ins.counts,
        "warnings": list(plan.warnings),
        "ignored_columns": list(plan.ignored_columns),
        "new_departments": list(plan.new_departments),
        "department_spellings": list(plan.department_spellings),
        "held": [_held(change) for change in plan.sign_ins.held],
        "leaving": {
            "count": len(plan.leavers),
            "by_leave_date": len(plan.leavers) - len(plan.to_deactivate),
            "ends": leavers_offboard_preview(
                organization=plan.organization, employee_pks=plan.leavers
            ),
        },
        "fingerprint": plan.fingerprint(),
        "created": [
            {
                "row": row.row,
                "employee_id": row.employee_id,
                "name": row.name,
                "email": row.email,
                "title": row.title,
                "department": row.department,
                "level": row.level,
                "manager_id": row.manager_id,
            }
            for row in plan.to_create[:PEOPLE_SHOWN]
        ],
        "updated": [
            {
                "row": update.row.row,
                "employee_id": update.row.employee_id,
                "name": update.row.name,
                "summary": [list(change) for change in update.summary],
            }
            for update in plan.to_update[:PEOPLE_SHOWN]
        ],
        "deactivated": [
            {"employee_id": gone.employee_id, "name": gone.name}
            for gone in plan.to_deactivate[:PEOPLE_SHOWN]
        ],
    }


def problems_of(problems: list[RowProblem]) -> dict[str, Any]:
    """Every problem's count, and the first ``PROBLEMS_SHOWN`` as ``row N, column C: reason``."""
    return {
        "problems": [str(problem) for problem in problems[:PROBLEMS_SHOWN]],
        "problem_count": len(problems),
        "problems_hidden": max(0, len(problems) - PROBLEMS_SHOWN),
    }


def counts_in_words(counts: dict[str, int]) -> str:
    """ "3 created, 1 updated (1 of them left: a leave date passed), 0 unchanged, 0
    deactivated": what an import did or would do, for its messages."""
    left = int(counts.get("left", 0))
    leaving = f" ({left:,} of them left: a leave date passed)" if left else ""
    return (
        f"{counts['created']:,} created, {counts['updated']:,} updated{leaving}, "
        f"{counts['unchanged']:,} unchanged, {counts['deactivated']:,} deactivated"
    )
