"""No sign-in outlives its person.

Employees are erased, not deleted (``services/personal_data.py``), and the Django admin
refuses to delete them; but a row can still go by other paths (an organisation deleted by a
platform operator, a shell). An orphan sign-in would keep its password and could be linked
by a later import, so deleting a person deletes their sign-in in the same transaction.
Platform staff and superusers keep theirs, switched off, for an operator to review.
"""

from __future__ import annotations

from typing import Any

from remento.core.models import User
from remento.people.models import Employee


def delete_orphan_sign_in(sender: Any, *, instance: Employee, **kwargs: Any) -> None:
    """``post_delete`` receiver for ``Employee``."""
    if instance.user_id is None:
        return
    users = User.objects.filter(pk=instance.user_id)
    users.filter(is_staff=False, is_superuser=False).delete()
    users.update(is_active=False)
