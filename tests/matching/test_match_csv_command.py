"""``remento match-csv``: pairs from files alone, clear errors on bad files."""

from __future__ import annotations

import csv
import io
import os
import re
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


def test_ids_a_spreadsheet_would_run_as_formulas_are_written_as_text(tmp_path: Path) -> None:
    rows, _ = run(
        tmp_path,
        HEADER
        + "=1+1,Mia,mentor,1,IT,,excel:5,,Europe/Paris,1\n"
        + "@SUM(A1),Eve,mentee,6,Sales,,,excel:5,Europe/Paris,\n"
        + "-e2,Eli,mentee,1,Sales,,,excel:4,,\n",
    )
    assert (rows[0]["mentor_id"], rows[0]["mentee_id"]) == ("'=1+1", "'@SUM(A1)")
    assert rows[1]["mentee_id"] == "'-e2"


def test_forbid_treats_spellings_of_one_department_as_one(tmp_path: Path) -> None:
    rows, summary = run(
        tmp_path,
        HEADER
        + 'm1,Mia,mentor,1,"Finance ",,excel:5,,Europe/Paris,2\n'
        + "e1,Eve,mentee,6,finance,,,excel:5,Europe/Paris,\n"
        + 'e2,Eli,mentee,6,"  Sales   Ops",,,excel:5,Europe/Paris,\n'
        + "e3,Ed,mentee,6,FINANCE,,,excel:5,Europe/Paris,\n",
        'same_department = "forbid"\n',
    )
    pairs = {(r["mentor_id"], r["mentee_id"]) for r in rows if r["mentor_id"] and r["mentee_id"]}
    assert pairs == {("m1", "e2")}
    unmatched = {r["mentee_id"]: r["reasons"] for r in rows if not r["mentor_id"]}
    assert unmatched == {
        "e1": "Unmatched mentee: no eligible partner",
        "e3": "Unmatched mentee: no eligible partner",
    }
    assert "Unmatched: 2 mentees, 0 mentors (Finance: 2)" in summary


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
            HEADER + "m1,Mia,mentor,1,,boss,,,,\ne1,E,mentee,5,,,,,,\n",
            None,
            "people.csv: row 2, field 'manager_id': 'boss' is not an id in the file",
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


TWO = HEADER + "m1,M,mentor,1,IT,,excel:5,,,1\nm2,N,mentor,1,IT,,,,,0\ne1,E,mentee,5,Sales,,,,,\n"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('program_type = "x"\n', "key 'program_type': 'x' is not one of reverse, traditional"),
        ("objective = 3\n", "key 'objective': 3 is not one of total, fairness, stable"),
        ('reporting_line_depth = "foo"\n', "key 'reporting_line_depth': 'foo' is not \"any\""),
        ("reporting_line_depth = -1\n", "key 'reporting_line_depth': -1 is below 0"),
        ("reporting_line_depth = true\n", "key 'reporting_line_depth': True is not \"any\""),
        ("timezone_reference = 12:00:00\n", "key 'timezone_reference': .* is not a date"),
        ('timezone_reference = "soon"\n', "key 'timezone_reference': 'soon' is not a date"),
        ("skills = 1\n", "key 'skills': must be a table of skills"),
        ("[skills.excel]\ncategory = 3\n", "key 'skills.excel.category': 3 is not a text"),
        ('max_timezone_diff_hours = "x"\n', "key 'max_timezone_diff_hours': 'x' is not a number"),
        ("max_timezone_diff_hours = -3\n", "key 'max_timezone_diff_hours': -3 is outside 0–24"),
        ("min_level_gap = 1.5\n", "key 'min_level_gap': 1.5 is not a whole number"),
        ("top_k = 0\n", "key 'top_k': 0 is below 1"),
        ("related_skill_credit = 2\n", "key 'related_skill_credit': 2 is outside 0–1"),
        ('diversity_attributes = "gender"\n', "key 'diversity_attributes': 'gender' is not a list"),
        (
            'diversity_attributes = ["gendr"]\n',
            "key 'diversity_attributes': no one in people.csv shares the attribute 'gendr'",
        ),
        ("weights = 2\n", "key 'weights': must be a table"),
        ('[weights]\nskills = "x"\n', "key 'weights.skills': .* must be a number, not 'x'"),
        ("[weights]\nskills = -1\n", "key 'weights.skills': .* must be from 0 to 10, not -1"),
        ("[weights]\nskills = 11\n", "key 'weights.skills': .* must be from 0 to 10, not 11"),
        ("[weights]\ncolour = 1\n", "key 'weights': Unknown criteria: colour"),
        ('blocked = "m1"\n', "key 'blocked': must be a list of \\[mentor_id, mentee_id\\] pairs"),
        ('blocked = [["zz", "e1"]]\n', "key 'blocked': \\[zz, e1\\]: unknown mentor 'zz'"),
        ('blocked = [["m1", "e9"]]\n', "key 'blocked': \\[m1, e9\\]: unknown mentee 'e9'"),
        ('locked = [["zz", "e1"]]\n', "key 'locked': \\[zz, e1\\]: unknown mentor 'zz'"),
        ('locked = [["e1", "m1"]]\n', "key 'locked': \\[e1, m1\\]: unknown mentor 'e1'"),
        (
            'locked = [["m2", "e1"]]\n',
            "key 'locked': locked pairs exceed the capacity of mentor 'm2': capacity 0, 1 locked",
        ),
        (
            'locked = [["m1", "e1"], ["m1", "e1"]]\n',
            "key 'locked': mentee 'e1' appears in more than one locked pair",
        ),
        (
            'min_level_gap = 5\nlocked = [["m1", "e1"]]\n',
            "key 'locked': locked pair \\(m1, e1\\) breaks a hard constraint: mentor at level 1, "
            "mentee at level 5: the mentor must sit at least 5 levels below the mentee",
        ),
        (
            'locked = [["m1", "e1"]]\nblocked = [["m1", "e1"]]\n',
            "key 'locked': pair \\(m1, e1\\) is both locked and blocked",
        ),
        ("colour = 1\n", "unknown key\\(s\\) colour"),
        ("x = [\n", "not valid TOML"),
    ],
)
def test_bad_program_values_are_refused_naming_the_file_and_key(
    tmp_path: Path, config: str, message: str
) -> None:
    with pytest.raises(CommandError, match=f"^program.toml: {message}") as info:
        run(tmp_path, TWO, config)
    assert not (tmp_path / "pairs.csv").exists()
    assert info.value.returncode == 1


def test_a_quoted_timezone_reference_date_is_read_as_the_date(tmp_path: Path) -> None:
    rows, _ = run(tmp_path, TWO, 'timezone_reference = "2026-09-01"\n')
    assert (rows[0]["mentor_id"], rows[0]["mentee_id"]) == ("m1", "e1")


def test_people_file_that_is_not_utf8_is_refused_naming_the_row(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_bytes(HEADER.encode() + b"m1,M\xe9lanie,mentor,1,,,,,,\n")
    with pytest.raises(CommandError, match=r"^people.csv: row 2: not UTF-8 text \(byte 0xe9\)"):
        call_command("match_csv", str(people), "--out", str(tmp_path / "pairs.csv"))


def test_phases_and_their_timing_go_to_stderr_and_stdout_stays_csv(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(TWO, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    sys_stderr, sys.stderr = sys.stderr, err
    try:
        call_command("match_csv", str(people), stdout=out)
    finally:
        sys.stderr = sys_stderr
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["mentor_id", "mentee_id", "score", "reasons", "warnings"]
    assert all(len(row) == 5 for row in rows)
    lines = err.getvalue().splitlines()
    for phase in (
        "Reading people.csv… ",
        "Encoding features… ",
        "Scoring all pairs… ",
        "Solving… ",
        "Explaining 1 pairs… ",
    ):
        line = next(line for line in lines if line.startswith(phase))
        assert re.fullmatch(r".*… \d+\.\d\d s.*", line)
    assert any(line.startswith("1 pairs (exact)") for line in lines)


def test_big_inputs_get_a_progress_bar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("remento.matching.management.commands.match_csv.PROGRESS_FROM", 2)
    _, err = run(tmp_path, TWO)
    assert "Explaining: 100%" in err


def test_quiet_mode_prints_only_the_summary(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(TWO, encoding="utf-8")
    err = io.StringIO()
    sys_stderr, sys.stderr = sys.stderr, err
    try:
        call_command("match_csv", str(people), "--out", str(tmp_path / "p.csv"), verbosity=0)
    finally:
        sys.stderr = sys_stderr
    assert "Solving" not in err.getvalue()
    assert "1 pairs (exact)" in err.getvalue()


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
    # A bad PROGRAM.toml value: the message, status 1, no traceback.
    good = tmp_path / "good.csv"
    good.write_text(TWO, encoding="utf-8")
    config = tmp_path / "program.toml"
    config.write_text('reporting_line_depth = "foo"\n', encoding="utf-8")
    done = subprocess.run(
        [str(remento), "match-csv", str(good), "--config", str(config)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert "program.toml: key 'reporting_line_depth': 'foo'" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_command_line_matches_without_loading_the_apps(tmp_path: Path) -> None:
    """`remento match-csv` reads and writes files only: it skips django.setup() (and every
    app's imports), with the same pairs as the command run inside Django."""
    out = tmp_path / "pairs.csv"
    script = (
        "import sys, django\n"
        "from remento.cli import main\n"
        "def refuse(*args, **kwargs):\n"
        "    raise SystemExit('django.setup() was called')\n"
        "django.setup = refuse\n"
        f"main(['remento', 'match-csv', {str(SAMPLES / 'people.csv')!r}, '--config',"
        f" {str(SAMPLES / 'program.toml')!r}, '--out', {str(out)!r}])\n"
        "print('remento.people.models' in sys.modules, 'numba' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "REMENTO_DEBUG")}
    env["PYTHONPATH"] = str(SAMPLES.parents[1])
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
    inside = tmp_path / "inside.csv"
    call_command(
        "match_csv",
        str(SAMPLES / "people.csv"),
        "--config",
        str(SAMPLES / "program.toml"),
        "--out",
        str(inside),
        verbosity=0,
    )
    assert out.read_text(encoding="utf-8") == inside.read_text(encoding="utf-8")
