"""The page walk's comparison across sizes: does each page cost the same at 300 and at
100,000 people (issue 20: within 2x)?

Each walk (one size, one database) is a dict: ``vendor``, ``people``, ``programs`` (the
organisation's programs, id → name) and ``pages`` (persona, url, status, seconds, cpu, size,
queries, and ``server``: the database server's CPU seconds where they were read, else None or
absent). Pages are matched across walks by persona and folded URL: every id becomes ``N``
except a program's, which becomes the id that the program of the same name has in the
smallest walk (the demo builds its programs in one order, so on a fresh database the ids
agree anyway), and a ``page``/``cursor`` query becomes ``?last``. A folded URL walked more
than once (three people, three pairs) counts its worst instance at each size. A list's last
page stands for itself where the list has several pages, and its only page where it has one
(at 300 people the first page is the last): so a deep page is compared with the list's cost
at the small size.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

OVER = 2.0


@dataclass
class Cost:
    """A folded page's worst instance at one size (each figure the largest of its URLs)."""

    seconds: float
    cpu: float
    size: int
    queries: int
    server: float | None = None  # the database server's CPU, where it was read

    @property
    def total(self) -> float:
        """CPU seconds, the walking process's and the database server's."""
        return self.cpu + (self.server or 0.0)


@dataclass
class Row:
    persona: str
    url: str
    costs: list[Cost]  # one per size, smallest first
    note: str = ""

    def ratio(self, figure: str) -> float:
        values = [getattr(cost, figure) for cost in self.costs]
        return max(values) / max(min(values), 1e-9)


def fold(url: str, prefixes: Sequence[str], program_ids: dict[str, str]) -> str:
    """``url`` with ids folded: a program's (the first number after one of ``prefixes``)
    through ``program_ids``, every other to N; a query string to ``?last``."""
    path, _, query = url.partition("?")
    segments = path.split("/")
    program_first = path.startswith(tuple(prefixes))
    for index, segment in enumerate(segments):
        if not segment.isdigit():
            continue
        if program_first:
            segments[index] = program_ids.get(segment, "P?")
            program_first = False
        else:
            segments[index] = "N"
    return "/".join(segments) + ("?last" if query else "")


def load(paths: Iterable[str | Path]) -> list[dict]:
    """The walks saved in ``paths`` (JSON lines, one walk a line)."""
    walks = []
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            walks += [json.loads(line) for line in lines if line.strip()]
    return walks


def _folded_costs(walk: dict, prefixes: Sequence[str], ids: dict[str, str]) -> dict:
    costs: dict[tuple[str, str], Cost] = {}
    for page in walk["pages"]:
        if page["status"] != 200:
            continue
        key = (page["persona"], fold(page["url"], prefixes, ids))
        seen = costs.get(key)
        cost = Cost(page["seconds"], page["cpu"], page["size"], page["queries"], page.get("server"))
        if seen is not None and seen.total > cost.total:
            # The worst instance's CPU (with its server's part), the worst of each other.
            cost.cpu, cost.server = seen.cpu, seen.server
        if seen is not None:
            cost.seconds = max(seen.seconds, cost.seconds)
            cost.size = max(seen.size, cost.size)
            cost.queries = max(seen.queries, cost.queries)
        costs[key] = cost
    return costs


def rows(walks: list[dict], prefixes: Sequence[str]) -> tuple[list[Row], list[str]]:
    """The pages walked at every size of ``walks`` (one database kind), and a line for each
    page walked at some sizes only."""
    walks = sorted(walks, key=lambda walk: walk["people"])
    by_name = {name: pk for pk, name in walks[0]["programs"].items()}
    folded = []
    for walk in walks:
        ids = {pk: by_name.get(name, f"P:{name}") for pk, name in walk["programs"].items()}
        folded.append(_folded_costs(walk, prefixes, ids))
    notes = _last_pages_as_only_pages(walks, folded)
    every = set.intersection(*(set(costs) for costs in folded))
    matched = [
        Row(persona, url, [costs[persona, url] for costs in folded], notes.get((persona, url), ""))
        for persona, url in every
    ]
    partial = []
    for key in sorted(set.union(*(set(costs) for costs in folded)) - every):
        sizes = [
            f"{walk['people']:,}" for walk, costs in zip(walks, folded, strict=True) if key in costs
        ]
        partial.append(f"  {key[0]:<12} {key[1]}  (only at {', '.join(sizes)})")
    return matched, partial


def _last_pages_as_only_pages(walks: list[dict], folded: list[dict]) -> dict:
    """Where a list has a last page at some sizes only, its first (and only) page stands for
    it at the others; returns a note per such page saying where."""
    notes: dict[tuple[str, str], str] = {}
    lasts = {key for costs in folded for key in costs if key[1].endswith("?last")}
    for persona, url in lasts:
        first = (persona, url.removesuffix("?last"))
        standing = []
        for walk, costs in zip(walks, folded, strict=True):
            if (persona, url) not in costs and first in costs:
                costs[persona, url] = costs[first]
                standing.append(f"{walk['people']:,}")
        if standing:
            notes[persona, url] = f"(one page at {', '.join(standing)})"
    return notes


def report(walks: list[dict], prefixes: Sequence[str]) -> None:
    """Print, per database kind with two sizes or more, every page matched across sizes
    with its time at each size and the ratio largest / smallest, sorted by ratio."""
    kinds: dict[str, list[dict]] = defaultdict(list)
    for walk in walks:
        kinds[walk["vendor"]].append(walk)
    for vendor, same in kinds.items():
        if len({walk["people"] for walk in same}) < 2:
            continue
        _report_kind(vendor, same, prefixes)


def _legend(vendor: str, rank: str, server: bool) -> str:
    if vendor == "sqlite":
        where = "on SQLite the database works in this process, so CPU ms holds its work too"
    elif server:
        where = "srv ms: the PostgreSQL backend's CPU (local server, read from /proc)"
    else:
        where = (
            "the server's CPU was NOT read (not local, or an older walk): CPU ms is the\n"
            "    client's only, and the wall clock (with the load) ranks the pages"
        )
    named = {"total": "cpu x (CPU ms + srv ms)", "cpu": "cpu x", "seconds": "wall x"}[rank]
    other = "(wall)" if rank != "seconds" else "(cpu)"
    return (
        "  CPU ms: time.process_time of the walking process (Python); "
        f"{where}.\n"
        "  wall ms: time.perf_counter (everything, and the load).  Best of --repeat GETs; a\n"
        "  folded URL's worst instance.  cpu x / wall x: largest / smallest over the sizes;\n"
        f"  sorted by {named}; '>2x' flags it over {OVER:.0f}, '{other}' the other figure only."
    )


def _report_kind(vendor: str, walks: list[dict], prefixes: Sequence[str]) -> None:
    walks = sorted(walks, key=lambda walk: walk["people"])
    matched, partial = rows(walks, prefixes)
    # CPU time hardly moves with the machine's load: on SQLite the walking process's holds
    # the whole cost; on PostgreSQL the server's backend is added where it was read, and
    # without it only the wall clock holds the database's work.
    server = bool(matched) and all(c.server is not None for r in matched for c in r.costs)
    rank = "cpu" if vendor == "sqlite" else "total" if server else "seconds"
    matched.sort(key=lambda row: (-row.ratio(rank), row.url, row.persona))
    sizes = [f"{walk['people']:,}" for walk in walks]
    over = [row for row in matched if row.ratio(rank) > OVER]
    print(
        f"\n=== Comparison, {vendor}, {' vs '.join(sizes)} people: "
        f"{len(matched)} pages at every size"
    )
    print(_legend(vendor, rank, server))
    header = (
        f"  {'flag':<6} {'cpu x':>6} {'wall x':>6}  "
        + " ".join(f"{'cpu ms ' + s:>14}" for s in sizes)
        + ("  " + " ".join(f"{'srv ms ' + s:>14}" for s in sizes) if server else "")
        + "  "
        + " ".join(f"{'wall ms ' + s:>15}" for s in sizes)
        + f"  {'queries':>{8 * len(sizes)}}  {'kB':>{9 * len(sizes)}}  persona      url"
    )
    print(header)
    for row in matched:
        print(_line(row, rank, server))
    print(
        f"\n  {len(over)} of {len(matched)} pages over {OVER:.0f}x "
        f"({vendor}, {' vs '.join(sizes)}):"
    )
    for row in over:
        print(_line(row, rank, server))
    if not over:
        print("  (none)")
    print(f"\n  Walked at some sizes only ({len(partial)}):")
    print("\n".join(partial) if partial else "  (none)", flush=True)


def _line(row: Row, rank: str, server: bool) -> str:
    other = "seconds" if rank != "seconds" else "total"
    if row.ratio(rank) > OVER:
        flag = ">2x"
    elif row.ratio(other) > OVER:
        flag = "(wall)" if other == "seconds" else "(cpu)"
    else:
        flag = ""
    return (
        f"  {flag:<6} {row.ratio('total'):6.1f} {row.ratio('seconds'):6.1f}  "
        + " ".join(f"{cost.cpu * 1000:14.1f}" for cost in row.costs)
        + (
            "  " + " ".join(f"{(cost.server or 0) * 1000:14.1f}" for cost in row.costs)
            if server
            else ""
        )
        + "  "
        + " ".join(f"{cost.seconds * 1000:15.1f}" for cost in row.costs)
        + "  "
        + "".join(f"{cost.queries:>8}" for cost in row.costs)
        + "  "
        + "".join(f"{cost.size / 1000:9.1f}" for cost in row.costs)
        + f"  {row.persona:<12} {row.url}"
        + (f"  {row.note}" if row.note else "")
    )
