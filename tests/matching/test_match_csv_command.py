"""``remento match-csv``: pairs from files alone, clear errors on bad files."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
HEADER = "id,name,role,level,department,manager_id,teaches,wants,timezone,capacity\n"


def run(tmp_path: Path, people: str, config: str | None = None) -> tuple[list[dict], str]:
    people_path = tmp_path / "people.csv"
    people_path.write_text(people, encoding="utf-8")
    args = [str(people_path), "--out", str(tmp_path / "pairs.csv")]
    if config is not None:
        (tmp_path / "program.toml").write_text(config, encoding="utf-8")
        args += ["--config", str(tmp_path / "program.toml")]
    err = io.StringIO()
    sys_stderr, sys.stderr = sys.stderr, err
    try:
        call_command("match_csv", *args)
    finally:
        sys.stderr = sys_stderr
    with (tmp_path / "pairs.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle)), err.getvalue()


def test_sample_file_gives_pairs_with_reasons_and_keeps_the_lock(tmp_path: Path) -> None:
    rows, summary = run(
        tmp_path,
        (SAMPLES / "people.csv").read_text(encoding="utf-8"),
        (SAMPLES / "program.toml").read_text(encoding="utf-8"),
    )
    pairs = {(r["mentor_id"], r["mentee_id"]) for r in rows if r["mentor_id"] and r["mentee_id"]}
    assert ("ana", "cfo") in pairs  # locked in program.toml
    assert ("dia", "coo") not in pairs  # blocked
    assert ("chen", "coo") not in pairs  # coo is chen's manager
    for row in rows:
        if row["mentor_id"] and row["mentee_id"]:
            assert float(row["score"]) > 0
            assert row["reasons"]
    assert "pairs (exact)" in summary
    assert "Unmatched:" in summary


def test_unmatched_people_follow_the_pairs_with_their_reason(tmp_path: Path) -> None:
    rows, summary = run(
        tmp_path,
        HEADER
        + "m1,Mia,mentor,1,IT,,excel:5,,Europe/Paris,1\n"
        + "e1,Eve,mentee,6,Sales,,,excel:5,Europe/Paris,\n"
        + "e2,Eli,mentee,6,Sales,,,excel:4;sql:4,Europe/Paris,\n"
        + "e3,Ed,mentee,1,Sales,,,excel:4,,\n",
    )
    assert (rows[0]["mentor_id"], rows[0]["mentee_id"]) == ("m1", "e1")
    assert "Can teach the skill Eve wants to learn: excel" in rows[0]["reasons"]
    unmatched = {r["mentee_id"]: r["reasons"] for r in rows[1:]}
    assert unmatched == {
        "e2": "Unmatched mentee: lost to a better overall match",
        "e3": "Unmatched mentee: no eligible partner",
    }
    assert "Unmatched: 2 mentees, 0 mentors (Sales: 2)" in summary


def test_skill_categories_come_from_the_slash_form_and_give_partial_credit(tmp_path: Path) -> None:
    rows, _ = run(
        tmp_path,
        HEADER
        + "m1,Mia,mentor,1,IT,,social/instagram:5,,,1\n"
        + "e1,Eve,mentee,6,Sales,,,social/tiktok:5,,\n",
        '[skills.tiktok]\nname = "TikTok"\n',
    )
    assert "Knows related skills for TikTok" in rows[0]["reasons"]


@pytest.mark.parametrize(
    ("people", "config", "message"),
    [
        ("name,role\nx,mentor\n", None, "row 1: the header has no 'id' column"),
        (HEADER + "m1,Mia,teacher,1,,,,,,\n", None, "row 2, field 'role': 'teacher'"),
        (HEADER + "m1,Mia,mentor,one,,,,,,\n", None, "row 2, field 'level': 'one' is not a whole"),
        (HEADER + "m1,Mia,mentor,1,,,excel:9,,,\n", None, "row 2, field 'teaches': 'excel:9'"),
        (HEADER + "m1,Mia,mentor,1,,,,,Mars/Base,\n", None, "row 2, field 'timezone'"),
        (HEADER + "m1,A,mentor,1,,,,,,\nm1,B,mentee,5,,,,,,\n", None, "row 3, field 'id'"),
        (HEADER + "a,A,mentor,1,,b,,,,\nb,B,mentee,5,,a,,,,\n", None, "reporting cycle"),
        (HEADER + "m1,Mia,mentor,1,,,,,,\ne1,E,mentee,5,,,,,,2\n", None, "a mentee has one"),
        (HEADER + "m1,Mia,mentor,1,,,,,,\n", None, "at least one mentor and one mentee"),
        (HEADER + "m1,M,mentor,1,,,,,,\ne1,E,mentee,5,,,,,,\n", "colour = 1\n", "unknown key"),
        (
            HEADER + "m1,M,mentor,1,,,,,,\ne1,E,mentee,5,,,,,,\n",
            'program_type = "x"\n',
            "program_type must be",
        ),
        (
            HEADER + "m1,M,mentor,1,,,,,,\ne1,E,mentee,5,,,,,,\n",
            'locked = [["zz", "e1"]]\n',
            "unknown mentor",
        ),
    ],
)
def test_bad_input_is_refused_with_the_row_and_field(
    tmp_path: Path, people: str, config: str | None, message: str
) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(")) as info:
        run(tmp_path, people, config)
    assert not (tmp_path / "pairs.csv").exists()
    assert info.value.returncode == 1


def test_command_line_exits_with_status_1_and_the_message_on_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "people.csv"
    bad.write_text(HEADER + "m1,Mia,mentor,x,,,,,,\n", encoding="utf-8")
    remento = Path(sys.executable).with_name("remento")
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "REMENTO_DEBUG")}
    done = subprocess.run(
        [str(remento), "match-csv", str(bad)], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 1
    assert "people.csv: row 2, field 'level': 'x' is not a whole number" in done.stderr
    assert done.stdout == ""
