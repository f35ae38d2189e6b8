from __future__ import annotations

import pytest

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import Pair
from tests.relationships.builders import make_pair, make_program


@pytest.fixture
def program(organization: Organization) -> Program:
    return make_program(organization)


@pytest.fixture
def pair(program: Program, mentor: Employee, mentee: Employee) -> Pair:
    return make_pair(program, mentor, mentee)
