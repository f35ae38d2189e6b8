"""One criteria table: the program model, the forms, the plan checks, the bulk service, the
engine and the CSV reader give the same defaults and the same refusals."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from remento.core.errors import ServiceError
from remento.core.models import Organization
from remento.matching.engine import Settings, Weights
from remento.matching.engine.criteria import ALL_ZERO, KEYS, LABELS, default_weights, range_message
from remento.matching.engine.csvio import InputError, People, read_program
from remento.matching.forms import WeightsForm
from remento.matching.services.bulk import match_weights_update
from remento.people.models import Employee
from remento.programs.forms import MatchingForm, plan_initial
from remento.programs.models import Program
from remento.programs.plan import ProgramPlan, plan_errors
from tests.factories import user_of


def test_every_default_is_the_one_table(organization: Organization) -> None:
    table = default_weights()
    assert Program._meta.get_field("weights").get_default() == table
    assert dict(ProgramPlan(name="P").weights) == table
    assert Weights().as_dict() == table
    assert Settings().weights.as_dict() == table
    assert read_program(None, People([], []))[0].weights.as_dict() == table
    # The coordinator's weights form and the program's matching step start from it too.
    assert {key: WeightsForm(weights={}).fields[key].initial for key in KEYS} == table
    matching = MatchingForm()
    assert {key: matching.fields[f"weight_{key}"].initial for key in KEYS} == table
    assert {key: plan_initial(ProgramPlan(name="P"))[f"weight_{key}"] for key in KEYS} == table


def test_both_weight_forms_show_the_same_labels() -> None:
    matching = MatchingForm()
    bulk = WeightsForm(weights={})
    for key, label in LABELS.items():
        assert bulk.fields[key].label == label
        assert matching.fields[f"weight_{key}"].label == f"Weight: {label}"


def _csv_refusal(tmp_path: Path, weights: dict[str, float]) -> str:
    path = tmp_path / "PROGRAM.toml"
    path.write_text(
        "[weights]\n" + "".join(f"{k} = {v}\n" for k, v in weights.items()), encoding="utf-8"
    )
    with pytest.raises(InputError) as refused:
        read_program(path, People([], []))
    return str(refused.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict.fromkeys(KEYS, 0.0), ALL_ZERO),
        ({"interests": 11.0}, range_message("interests", 11.0)),
        ({"timezone": -1.0}, range_message("timezone", -1.0)),
    ],
)
def test_plan_bulk_service_and_csv_reader_refuse_with_one_message(
    tmp_path: Path,
    coordinator: Employee,
    program: Program,
    change: dict[str, float],
    message: str,
) -> None:
    weights = {**default_weights(), **change}

    plan = replace(ProgramPlan.from_program(program), weights=weights)
    # The plan puts a criterion's problem on its own field, a problem of the set on all.
    field = "weights" if message == ALL_ZERO else f"weight_{next(iter(change))}"
    assert plan_errors(plan=plan, organization=program.organization)[field] == message

    with pytest.raises(ServiceError) as refused:
        match_weights_update(actor=user_of(coordinator), program=program, weights=weights)
    assert str(refused.value) == message
    program.refresh_from_db()
    assert program.weights == default_weights()

    assert _csv_refusal(tmp_path, weights).endswith(f": {message}")
