"""The page walk's comparison across sizes (bench/page_compare.py) matches pages by folded
URL and persona, and ranks them by how much more they cost at the larger size (no timing
is asserted: the figures here are made up)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import page_compare  # bench/ is not a package: found through the path above

PREFIXES = ("/programs/", "/outcomes/programs/")


def _page(url: str, cpu: float, persona: str = "coordinator", status: int = 200) -> dict:
    return {
        "persona": persona,
        "url": url,
        "status": status,
        "seconds": cpu * 2,
        "cpu": cpu,
        "size": 1000,
        "queries": 10,
    }


def _walk(people: int, programs: dict[str, str], pages: list[dict]) -> dict:
    return {"vendor": "sqlite", "people": people, "programs": programs, "pages": pages}


def test_fold_keeps_the_programs_id_and_folds_the_others():
    ids = {"7": "2"}
    assert page_compare.fold("/programs/7/pairs/41/", PREFIXES, ids) == "/programs/2/pairs/N/"
    assert page_compare.fold("/people/41/", PREFIXES, ids) == "/people/N/"
    assert page_compare.fold("/people/?page=48", PREFIXES, ids) == "/people/?last"


def test_pages_match_by_program_name_and_count_their_worst_instance():
    small = _walk(
        300,
        {"1": "Pilot", "2": "Active"},
        [_page("/programs/2/", 0.010), _page("/people/5/", 0.010), _page("/people/6/", 0.020)],
    )
    # The same programs under other ids, and other people.
    large = _walk(
        100_000,
        {"8": "Pilot", "9": "Active"},
        [_page("/programs/9/", 0.050), _page("/people/77/", 0.030)],
    )
    rows, partial = page_compare.rows([large, small], PREFIXES)
    by_url = {row.url: row for row in rows}
    assert set(by_url) == {"/programs/2/", "/people/N/"}
    assert by_url["/programs/2/"].ratio("cpu") == 5.0
    assert by_url["/people/N/"].ratio("cpu") == 1.5  # 30 ms against the worst of 10 and 20
    assert partial == []


def test_report_flags_the_pages_over_twice_and_lists_those_at_one_size(capsys):
    small = _walk(300, {}, [_page("/outbox/", 0.010), _page("/people/", 0.010)])
    large = _walk(
        20_000,
        {},
        [_page("/outbox/", 0.030), _page("/people/", 0.012), _page("/audit/", 0.01)],
    )
    page_compare.report([small, large], PREFIXES)
    out = capsys.readouterr().out
    flagged = out.split("pages over 2x")[1]
    assert "/outbox/" in flagged
    assert "/people/\n" not in flagged
    assert "/audit/  (only at 20,000)" in out


def test_a_last_page_is_compared_with_the_only_page_of_the_smaller_list():
    small = _walk(300, {"2": "Active"}, [_page("/pairs/programs/2/", 0.010)])
    large = _walk(
        20_000,
        {"2": "Active"},
        [_page("/pairs/programs/2/", 0.012), _page("/pairs/programs/2/?page=24", 0.040)],
    )
    rows, partial = page_compare.rows([small, large], PREFIXES)
    last = next(row for row in rows if row.url == "/pairs/programs/N/?last")
    assert last.ratio("cpu") == 4.0
    assert last.note == "(one page at 300)"
    assert partial == []


def test_on_postgresql_the_servers_cpu_ranks_the_pages_where_it_was_read(capsys):
    def pg(people: int, pages: list[tuple[str, float, float]]) -> dict:
        walk = _walk(people, {}, [_page(url, cpu) | {"server": srv} for url, cpu, srv in pages])
        return walk | {"vendor": "postgresql"}

    # /members/ costs the client the same at both sizes but the server ten times as much;
    # /pairs/ only looks slow on the wall clock.
    small = pg(300, [("/members/", 0.010, 0.002), ("/pairs/", 0.010, 0.001)])
    large = pg(100_000, [("/members/", 0.010, 0.020), ("/pairs/", 0.011, 0.001)])
    large["pages"][1]["seconds"] = 1.0
    page_compare.report([small, large], PREFIXES)
    out = capsys.readouterr().out
    assert "srv ms 100,000" in out
    flagged = out.split("pages over 2x")[1]
    assert "/members/" in flagged
    assert "/pairs/" not in flagged.split("Walked at some sizes only")[0]


def test_on_postgresql_without_the_servers_cpu_the_wall_clock_ranks_and_it_says_so(capsys):
    small = _walk(300, {}, [_page("/members/", 0.010)]) | {"vendor": "postgresql"}
    large = _walk(20_000, {}, [_page("/members/", 0.010)]) | {"vendor": "postgresql"}
    large["pages"][0]["seconds"] = 1.0
    page_compare.report([small, large], PREFIXES)
    out = capsys.readouterr().out
    assert "the server's CPU was NOT read" in out
    assert "srv ms" not in out
    assert "/members/" in out.split("pages over 2x")[1]
