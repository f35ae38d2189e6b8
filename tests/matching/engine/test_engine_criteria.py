"""The criteria table is the engine's one source of weights: defaults, labels, ranges."""

from __future__ import annotations

from pathlib import Path

import pytest

from remento.matching.engine import CRITERIA, Settings, Weights
from remento.matching.engine.criteria import (
    ALL_ZERO,
    TABLE,
    WeightsError,
    clean_weights,
    default_weights,
    range_message,
)
from remento.matching.engine.csvio import InputError, People, read_program


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "PROGRAM.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_engine_defaults_and_order_are_the_table() -> None:
    assert tuple(criterion.key for criterion in TABLE) == CRITERIA
    assert Weights().as_dict() == default_weights()
    assert Settings().weights == Weights()


def test_the_csv_reader_without_weights_uses_the_table_defaults(tmp_path: Path) -> None:
    settings, _ = read_program(None, People([], []))
    assert settings.weights.as_dict() == default_weights()
    partial, _ = read_program(_toml(tmp_path, "[weights]\nskills = 2\n"), People([], []))
    assert partial.weights.as_dict() == {**default_weights(), "skills": 2.0}


def test_from_mapping_fills_defaults_and_refuses_unknown_settings() -> None:
    settings = Settings.from_mapping({"weights": {"timezone": 3}, "min_level_gap": 2})
    assert settings.weights.timezone == 3.0
    assert settings.weights.skills == default_weights()["skills"]
    assert settings.min_level_gap == 2
    with pytest.raises(ValueError, match="unknown setting"):
        Settings.from_mapping({"colour": "red"})


def test_all_zero_weights_are_refused_with_the_one_message(tmp_path: Path) -> None:
    with pytest.raises(WeightsError) as refused:
        Settings.from_mapping({"weights": dict.fromkeys(CRITERIA, 0)})
    assert str(refused.value) == ALL_ZERO
    text = "[weights]\n" + "".join(f"{key} = 0\n" for key in CRITERIA)
    with pytest.raises(InputError) as csv_refused:
        read_program(_toml(tmp_path, text), People([], []))
    assert str(csv_refused.value) == f"PROGRAM.toml: key 'weights': {ALL_ZERO}"


def test_a_weight_out_of_range_names_the_criterion_by_its_label(tmp_path: Path) -> None:
    with pytest.raises(InputError) as refused:
        read_program(_toml(tmp_path, "[weights]\ntimezone = 12\n"), People([], []))
    message = range_message("timezone", 12)
    assert str(refused.value) == f"PROGRAM.toml: key 'weights.timezone': {message}"
    assert "“Working hours in common”" in message


def test_clean_weights_refuses_missing_unknown_and_non_numbers() -> None:
    with pytest.raises(WeightsError, match="Give a weight for “Shared interests”"):
        clean_weights({k: v for k, v in default_weights().items() if k != "interests"})
    with pytest.raises(WeightsError, match="Unknown criteria: colour"):
        clean_weights({**default_weights(), "colour": 1})
    with pytest.raises(WeightsError, match="must be a number, not True"):
        clean_weights({**default_weights(), "gap": True})
    with pytest.raises(WeightsError, match="must be from 0 to 10, not nan"):
        clean_weights({**default_weights(), "gap": float("nan")})


def test_the_engine_itself_still_scores_with_every_weight_at_zero() -> None:
    # Only a program's settings are held to the table: the library computes what it is given.
    assert sum(Weights(**dict.fromkeys(CRITERIA, 0.0)).as_dict().values()) == 0
