"""The demo company's org chart: who reports to whom, at which level, with which title.

Pure Python, no database: ``org_chart(size, rng)`` returns the positions top-down, each
manager before their reports, so the writer can insert one layer at a time.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from remento.demo.people.data import DEPARTMENTS, IC_LEVEL_WEIGHTS, IC_TITLE, DepartmentSpec

EXECUTIVE_OFFICE = "Executive Office"
MIN_SIZE = 30

# Spans of control: how many reports each layer of management has, roughly.
ICS_PER_LEAD = 6
LEADS_PER_MANAGER = 4
MANAGERS_PER_SENIOR_MANAGER = 4
UNITS_PER_DIRECTOR = 4
DIRECTORS_PER_VP = 6
# Below this many people a department is one team: its head, a lead and the team.
SMALL_DEPARTMENT = 12


@dataclass(slots=True)
class Position:
    index: int
    department: str
    level: int
    title: str
    manager: int | None  # index of the manager's position
    depth: int  # 1 for the chief executive
    role: str  # the job family, shared by a lead and most of their team


def _split(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder), deterministically."""
    quotas = [total * weight / sum(weights) for weight in weights]
    counts = [math.floor(quota) for quota in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - quotas[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _management(ics: int) -> tuple[int, int, int, int]:
    """Directors, senior managers, managers and leads above ``ics`` individual contributors."""
    leads = math.ceil(ics / ICS_PER_LEAD)
    managers = math.ceil(leads / LEADS_PER_MANAGER)
    # A senior-manager layer only pays off once there are many first-line managers.
    senior = math.ceil(managers / MANAGERS_PER_SENIOR_MANAGER) if managers > 8 else 0
    directors = math.ceil((senior or managers) / UNITS_PER_DIRECTOR)
    return directors, senior, managers, leads


def department_layers(headcount: int) -> list[tuple[int, int]]:
    """The layers of a department of ``headcount`` people, top-down, as (level, count);
    individual contributors are returned as level 0 (their levels are drawn later)."""
    vps = 1
    while True:
        members = headcount - vps
        if members < SMALL_DEPARTMENT:
            leads = 1 if members >= 4 else 0
            layers = [(9, vps), (5, leads), (0, members - leads)]
            break
        ics = members
        while sum(_management(ics)) + ics > members:
            ics -= 1
        directors, senior, managers, leads = _management(ics)
        if directors > DIRECTORS_PER_VP * vps:
            vps = math.ceil(directors / DIRECTORS_PER_VP)
            continue
        ics = members - directors - senior - managers - leads
        layers = [(9, vps), (8, directors), (7, senior), (6, managers), (5, leads), (0, ics)]
        break
    return [(level, count) for level, count in layers if count > 0]


def _leader_title(spec: DepartmentSpec, level: int, ordinal: int, count: int) -> str:
    area = spec.areas[ordinal % len(spec.areas)]
    suffix = f" ({area})" if count > 1 else ""
    if level == 9:
        return f"Vice President, {spec.name}{suffix}"
    if level == 8:
        return f"Director, {spec.name}{suffix}"
    if level == 7:
        return f"Senior {spec.manager_title}{suffix}"
    return spec.manager_title


def org_chart(size: int, rng: random.Random) -> list[Position]:
    """A company of ``size`` people: a chief executive, then per department vice presidents,
    directors, senior managers, managers, leads and individual contributors (levels 1–4)."""
    if size < MIN_SIZE:
        raise ValueError(f"size: the demo company needs at least {MIN_SIZE} people, not {size}.")
    # Fewer departments in a small company, so each keeps a real hierarchy.
    specs = DEPARTMENTS[: max(3, min(len(DEPARTMENTS), (size - 1) // 24))]
    positions = [Position(0, EXECUTIVE_OFFICE, 10, "Chief Executive Officer", None, 1, "Executive")]
    for spec, headcount in zip(specs, _split(size - 1, [s.weight for s in specs]), strict=True):
        parents = [0]
        for level, count in department_layers(headcount):
            layer: list[Position] = []
            for ordinal in range(count):
                # Contiguous, balanced blocks: report i of n goes to parent i * p // n.
                parent = positions[parents[ordinal * len(parents) // count]]
                if level == 0:
                    in_family = parent.role in spec.roles and rng.random() < 0.8
                    role = parent.role if in_family else rng.choice(spec.roles)
                    ic_level = rng.choices(list(IC_LEVEL_WEIGHTS), list(IC_LEVEL_WEIGHTS.values()))
                    title = IC_TITLE[ic_level[0]].format(role=role)
                    level_here = ic_level[0]
                elif level == 5:
                    role = rng.choice(spec.roles)
                    title, level_here = f"Lead {role}", 5
                else:
                    role = spec.name
                    title, level_here = _leader_title(spec, level, ordinal, count), level
                position = Position(
                    len(positions), spec.name, level_here, title, parent.index,
                    parent.depth + 1, role,
                )  # fmt: skip
                positions.append(position)
                layer.append(position)
            parents = [position.index for position in layer]
    return positions


def chart_depth(positions: list[Position]) -> int:
    """How many layers the longest reporting chain has (the chief executive is layer 1)."""
    return max(position.depth for position in positions)
