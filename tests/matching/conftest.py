from __future__ import annotations

import pytest

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from tests.matching.helpers import make_program, small_pool


@pytest.fixture
def program(organization: Organization) -> Program:
    return make_program(organization)


@pytest.fixture
def pool(program: Program) -> dict[str, Employee]:
    return small_pool(program)
