"""The generation of a birth year, with the boundaries the program material uses."""

from __future__ import annotations

import pytest

from remento.people.models import Employee, Generation, generation_for


@pytest.mark.parametrize(
    ("birth_year", "generation"),
    [
        (1930, Generation.TRADITIONALISTS),
        (1945, Generation.TRADITIONALISTS),
        (1946, Generation.BOOMERS),
        (1964, Generation.BOOMERS),
        (1965, Generation.GEN_X),
        (1980, Generation.GEN_X),
        (1981, Generation.MILLENNIALS),
        (1995, Generation.MILLENNIALS),
        (1996, Generation.GEN_Z),
        (2012, Generation.GEN_Z),
        (2013, Generation.GEN_ALPHA),
        (2020, Generation.GEN_ALPHA),
    ],
)
def test_each_generation_starts_and_ends_on_the_years_of_the_seeds(
    birth_year: int, generation: Generation
) -> None:
    assert generation_for(birth_year) == generation


def test_no_birth_year_means_no_generation() -> None:
    assert generation_for(None) is None
    assert Employee(birth_year=None).generation is None


def test_a_person_has_the_generation_of_their_birth_year() -> None:
    assert Employee(birth_year=1964).generation == Generation.BOOMERS
    alpha = Employee(birth_year=2013).generation
    assert alpha is not None
    assert alpha.label == "Gen Alpha"
