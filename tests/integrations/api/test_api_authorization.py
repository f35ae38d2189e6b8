"""The page authorization table, run against the API: for each persona, every API read
admits exactly the roles that ``ACCESS`` admits to the page showing the same resource, and
no answer shows words planted for other readers (``READERS``).

The world and the table are the authorization walk's own (tests/core/test_authorization_walk),
so a change of who may see a page changes what this test expects of the API.
"""

from __future__ import annotations

from typing import Any

import pytest

from remento.integrations.tokens.scopes import API_SCOPES
from remento.integrations.tokens.services import token_create
from tests.core.test_authorization_walk import (  # noqa: F401  (world is a fixture)
    ACCESS,
    ANONYMOUS,
    READERS,
    ROLES,
    SUPERUSER,
    World,
    world,
)
from tests.integrations.api.conftest import Api

# API path (with the walk's parameters) -> the page that shows the same resource.
SAME_AS_PAGE: dict[str, str] = {
    "/people": "people:directory",
    "/people/{employee_pk}": "people:employee_detail",
    "/programs": "programs:list",
    "/programs/{program_pk}": "programs:detail",
    "/programs/{program_pk}/kpis": "outcomes:program_dashboard",
    "/programs/{recruiting_pk}/enrolments": "enrollment:participants",
    "/programs/{program_pk}/pairs": "relationships:program_pairs",
    "/pairs": "relationships:my_pairs",
    "/pairs/{pair_pk}": "relationships:pair_detail",
    "/pairs/{pair_pk}/meetings": "relationships:meetings:list",
    "/pairs/{pair_pk}/checkins": "relationships:checkins:list",
    "/programs/{matching_pk}/matching-runs/{run_pk}": "matching:run_progress",
}
# Roles that can hold a token: a person of an organisation (the operator has none).
TOKEN_ROLES = [role for role in ROLES if role not in (ANONYMOUS, SUPERUSER)]


def _parameters(walked: World) -> dict[str, Any]:
    return {
        **walked.ids,
        "recruiting_pk": walked.per_pattern["enrollment:participants"]["program_pk"],
        "matching_pk": walked.per_pattern["matching:run_progress"]["program_pk"],
    }


@pytest.mark.parametrize("role", TOKEN_ROLES)
def test_the_api_admits_exactly_the_roles_the_pages_admit(
    role: str,
    world: World,  # noqa: F811 (the walk's fixture, imported above)
    db: None,
) -> None:
    user = world.users[role]
    assert user is not None
    secret = token_create(
        actor=user,
        organization=user.employee.organization,
        kind="api",
        name="Walk",
        scopes=sorted(API_SCOPES),
    ).secret
    api = Api(secret)
    parameters = _parameters(world)
    wrong: list[str] = []
    for path, page in SAME_AS_PAGE.items():
        answer = api.get(path.format(**parameters))
        admitted = 200 <= answer.status_code < 300
        if answer.status_code not in (200, 403, 404):
            wrong.append(f"{path}: answered {answer.status_code}")
        elif admitted != (role in ACCESS[page].allowed):
            wrong.append(f"{path}: {'admitted' if admitted else 'refused'}, unlike {page}")
        text = answer.content.decode()
        for words, readers in READERS.items():
            if role not in readers and words in text:
                wrong.append(f"{path}: shows {words!r}")
    assert not wrong, f"{role}: " + "; ".join(wrong)
