"""people_from_arrays(): a cohort given as columns (arrays or lists) gives the same people,
and so the same result, as the dataclasses."""

from __future__ import annotations

import numpy as np
import pytest

from remento.matching.engine import Person, Settings, match, people_from_arrays
from tests.matching.engine.strategies import TAXONOMY, random_people


def test_columns_build_the_same_people_as_the_dataclasses() -> None:
    people = people_from_arrays(
        np.array(["a", "b"]),
        name=["Ana", None],
        level=np.array([1, 6]),
        department=["IT", np.nan],
        manager_chain=[("b",), None],
        teaches=np.array([[5, 0], [0, 0]]),
        wants=np.array([[0, 0], [4, 2]]),
        skills=["excel", "sql"],
        interests=[["jazz"], []],
        extraversion=np.array([2.5, np.nan]),
        generation=["Gen Z", ""],
        timezone=["Europe/Paris", 5.5],
        hours_per_month=[4, None],
        capacity=np.array([2, 1]),
        diversity=[{"gender": "f"}, None],
    )
    assert people == [
        Person(
            id="a",
            name="Ana",
            level=1,
            department="IT",
            manager_chain=("b",),
            teaches={"excel": 5},
            interests=frozenset({"jazz"}),
            extraversion=2.5,
            generation="Gen Z",
            timezone="Europe/Paris",
            hours_per_month=4.0,
            capacity=2,
            diversity={"gender": "f"},
        ),
        Person(id="b", level=6, wants={"excel": 4, "sql": 2}, timezone=5.5),
    ]


def test_match_on_columns_equals_match_on_dataclasses() -> None:
    rng = np.random.default_rng(4)
    mentors, mentees = random_people(rng, "m", 20), random_people(rng, "e", 25)

    def columns(people: list[Person]) -> list[Person]:
        return people_from_arrays(
            [p.id for p in people],
            level=np.array([p.level for p in people]),
            department=[p.department for p in people],
            teaches=[dict(p.teaches) for p in people],
            wants=[dict(p.wants) for p in people],
            interests=[sorted(p.interests) for p in people],
            extraversion=np.array([p.extraversion for p in people], dtype=float),
            timezone=[p.timezone for p in people],
            capacity=np.array([p.capacity for p in people]),
        )

    assert columns(mentors) == mentors
    conf = Settings()
    assert match(columns(mentors), columns(mentees), TAXONOMY, conf).pairs == (
        match(mentors, mentees, TAXONOMY, conf).pairs
    )


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"level": [1]}, "level has 1 entries for 2 ids"),
        ({"level": [1, 2.5]}, r"level\[1\]: 2.5 is not a whole number"),
        ({"colour": [1, 2]}, "unknown column"),
        ({"teaches": np.ones((2, 2))}, "needs skills="),
        ({"interests": ["jazz", "chess"]}, r"interests\[0\]: 'jazz' is one text, not a list"),
        ({"department": [1, 2]}, r"department\[0\]: 1 is not a text"),
    ],
)
def test_bad_columns_are_refused_naming_the_column_and_position(
    columns: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        people_from_arrays(["a", "b"], **columns)
