"""``remento expire-requests``."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils import timezone

from remento.matching.models import MentorRequest
from remento.people.models import Employee
from remento.programs.models import MatchingMode, Program


def test_the_command_expires_due_requests_and_says_how_many(
    program: Program, pool: dict[str, Employee]
) -> None:
    program.matching_mode = MatchingMode.CHOICE
    program.save()
    MentorRequest.objects.create(
        program=program,
        mentee=pool["x1"],
        mentor=pool["a1"],
        rank=1,
        expires_at=timezone.now() + timedelta(days=1),
    )
    out = StringIO()

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        call_command("expire_requests", stdout=out)

    assert out.getvalue().strip() == "1 request expired."
    assert MentorRequest.objects.get(mentor=pool["a1"]).status == "expired"
    assert MentorRequest.objects.get(status="pending").mentor != pool["a1"]
