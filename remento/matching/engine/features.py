"""Per-person feature vectors: a pair's score is one dot product.

Every criterion is encoded as two blocks of columns, one per side, whose row-wise dot
product is the criterion's score for that pair (see :mod:`scoring` for the definitions):

- skills: the mentor's credit for every wanted skill · the mentee's normalised priorities;
- interests: L2-normalised indicator vectors (cosine);
- personality: four columns that expand 1 - ((x + y) / 2)^2;
- categorical criteria (level gap, generation, department, time zone, diversity): the
  mentee side is one-hot over the values mentees actually have, the mentor side is the row
  of the lookup table ``f(mentor value, mentee value)``; text values are first reduced to
  their :func:`~.categories.category_key` (trimmed, spaces collapsed, case folded).

Hard constraints on departments and time zones add "penalty" columns worth ``-BIG`` for a
forbidden pair, so a top-k search never ranks one above an allowed pair. In mutual programs
with the "min" combination the skills score is not a dot product; it is kept as two
separate blocks and combined after the products.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .categories import category_key
from .model import CRITERIA, Person, Settings, Taxonomy
from .scoring import (
    department_score,
    generation_score,
    level_gap_score,
    offset_diff,
    same_department,
    timezone_score,
    utc_offset,
)

BIG = 1.0e6
"""Penalty of a forbidden pair; any score below -BIG / 2 means "not allowed"."""


@dataclass
class Block:
    mentor: np.ndarray
    mentee: np.ndarray


@dataclass
class Features:
    """Encoded cohort. ``mentor @ mentee.T`` (plus the mutual skills term) is the score."""

    mentor: np.ndarray
    mentee: np.ndarray
    mentor_levels: np.ndarray
    mentee_levels: np.ndarray
    columns: dict[str, slice]
    mutual_min: tuple[Block, Block] | None
    skills_weight: float
    has_penalty: bool


def _each_once(fn: Callable[[Any], Any], values: Iterable[Any]) -> list[Any]:
    """``fn`` of every value, computed once per distinct value: people share a handful of
    departments, generations and time zones, and encoding 100,000 of them otherwise
    spends most of its time reducing the same few strings again and again."""
    values = list(values)
    done = {value: fn(value) for value in set(values)}
    return [done[value] for value in values]


def _keys(values: Iterable[str | None]) -> list[str | None]:
    """:func:`category_key` of every value."""
    return _each_once(category_key, values)


def _offsets(people: Sequence[Person], at: Any) -> list[float | None]:
    """Every person's UTC offset at ``at``."""
    return _each_once(lambda zone: utc_offset(zone, at), (p.timezone for p in people))


def _table_block(
    mentor_keys: Sequence[Any],
    mentee_keys: Sequence[Any],
    fn: Callable[[Any, Any], float],
) -> Block:
    """One-hot over distinct mentee values; mentor rows from the table ``fn``."""
    mentee_values = sorted(set(mentee_keys), key=repr)
    column = {v: c for c, v in enumerate(mentee_values)}
    mentor_values = sorted(set(mentor_keys), key=repr)
    row = {v: r for r, v in enumerate(mentor_values)}
    table = np.array(
        [[fn(a, b) for b in mentee_values] for a in mentor_values], dtype=np.float64
    ).reshape(len(mentor_values), len(mentee_values))
    mentor = table[[row[k] for k in mentor_keys]] if mentor_keys else np.zeros((0, len(column)))
    mentee = np.zeros((len(mentee_keys), len(column)))
    if mentee_keys:
        mentee[np.arange(len(mentee_keys)), [column[k] for k in mentee_keys]] = 1.0
    return Block(mentor, mentee)


def _skills_block(
    teachers: Sequence[Person], learners: Sequence[Person], taxonomy: Taxonomy
) -> Block:
    vocab = sorted({s for p in learners for s in p.wants})
    column = {s: c for c, s in enumerate(vocab)}
    # skill_credit for every wanted skill, from the (few) skills each teacher has: the
    # skill itself counts proficiency / 5, another skill of its category the related
    # credit (the same arithmetic as scoring.skill_credit, so the same numbers). Each
    # skill taught lists the columns it credits and the factor, then every (teacher,
    # skill) pair is spread over them at once, keeping the best credit per cell.
    same_category: dict[str, list[int]] = {}
    for s in vocab:
        category = taxonomy.category(s)
        if category is not None:
            same_category.setdefault(category, []).append(column[s])
    related = taxonomy.related_credit
    taught = [
        (r, skill, level) for r, p in enumerate(teachers) for skill, level in p.teaches.items()
    ]
    names = sorted({skill for _, skill, _ in taught})
    credits: list[list[tuple[int, float]]] = []
    for skill in names:
        own = column.get(skill)
        category = taxonomy.category(skill)
        others = [c for c in same_category.get(category, []) if c != own] if category else []
        credits.append(([(own, 1.0)] if own is not None else []) + [(c, related) for c in others])
    teach = np.zeros((len(teachers), len(vocab)))
    if taught and vocab:
        skill_id = {skill: k for k, skill in enumerate(names)}
        row = np.array([r for r, _, _ in taught], dtype=np.int64)
        which = np.array([skill_id[skill] for _, skill, _ in taught], dtype=np.int64)
        level = np.array([lv for _, _, lv in taught], dtype=np.float64)
        width = np.array([len(c) for c in credits], dtype=np.int64)
        cols = np.array([c for cs in credits for c, _ in cs], dtype=np.int64)
        factor = np.array([f for cs in credits for _, f in cs], dtype=np.float64)
        start = np.concatenate([[0], np.cumsum(width)[:-1]])
        spread = width[which]
        at = np.repeat(start[which] - np.concatenate([[0], np.cumsum(spread)[:-1]]), spread)
        at += np.arange(int(spread.sum()))
        np.maximum.at(
            teach,
            (np.repeat(row, spread), cols[at]),
            factor[at] * np.repeat(level, spread) / 5.0,
        )
    learn = np.zeros((len(learners), len(vocab)))
    for r, person in enumerate(learners):
        total = sum(person.wants.values())
        for s, priority in person.wants.items():
            if total > 0:
                learn[r, column[s]] = priority / total
    return Block(teach, learn)


def _interests_block(mentors: Sequence[Person], mentees: Sequence[Person]) -> Block:
    vocab = sorted(
        {i for p in mentors for i in p.interests} & {i for p in mentees for i in p.interests}
    )
    column = {s: c for c, s in enumerate(vocab)}

    def encode(people: Sequence[Person]) -> np.ndarray:
        out = np.zeros((len(people), len(vocab)))
        for r, person in enumerate(people):
            if person.interests:
                norm = len(person.interests) ** -0.5
                for interest in person.interests:
                    c = column.get(interest)
                    if c is not None:
                        out[r, c] = norm
        return out

    return Block(encode(mentors), encode(mentees))


def _personality_block(mentors: Sequence[Person], mentees: Sequence[Person]) -> Block:
    def parts(people: Sequence[Person]) -> tuple[np.ndarray, np.ndarray]:
        known = np.array([p.extraversion is not None for p in people], dtype=np.float64)
        x = np.array([((p.extraversion or 3.0) - 3.0) / 2.0 for p in people], dtype=np.float64)
        return known, x

    k, x = parts(mentors)
    mentor = np.column_stack([np.full(len(mentors), 0.5), k * (0.5 - x * x / 4), k, k * x])
    k, y = parts(mentees)
    mentee = np.column_stack([np.ones(len(mentees)), k, -k * y * y / 4, -k * y / 2])
    return Block(mentor.reshape(len(mentors), 4), mentee.reshape(len(mentees), 4))


def _concat(blocks: Sequence[Block], n_mentors: int, n_mentees: int) -> Block:
    if not blocks:
        return Block(np.zeros((n_mentors, 0)), np.zeros((n_mentees, 0)))
    return Block(np.hstack([b.mentor for b in blocks]), np.hstack([b.mentee for b in blocks]))


def encode(
    mentors: Sequence[Person], mentees: Sequence[Person], taxonomy: Taxonomy, settings: Settings
) -> Features:
    """Encode both sides; the result is deterministic for a given input order."""
    weights = settings.weights.as_dict()
    n_m, n_e = len(mentors), len(mentees)
    blocks = _criteria_blocks(mentors, mentees, settings)
    skills, mutual_min = _skills_blocks(mentors, mentees, taxonomy, settings)
    blocks["skills"] = skills
    penalties = _penalty_blocks(mentors, mentees, settings)
    columns: dict[str, slice] = {}
    mentor_parts, mentee_parts = [], []
    start = 0
    for criterion in CRITERIA:
        block = blocks[criterion]
        width = block.mentor.shape[1]
        columns[criterion] = slice(start, start + width)
        mentor_parts.append(block.mentor * weights[criterion])
        mentee_parts.append(block.mentee)
        start += width
    for block in penalties:
        mentor_parts.append(block.mentor)
        mentee_parts.append(block.mentee)
    width = sum(part.shape[1] for part in mentee_parts)
    return Features(
        mentor=np.ascontiguousarray(np.hstack(mentor_parts).reshape(n_m, width)),
        mentee=np.ascontiguousarray(np.hstack(mentee_parts).reshape(n_e, width)),
        mentor_levels=np.array([p.level for p in mentors], dtype=np.int64),
        mentee_levels=np.array([p.level for p in mentees], dtype=np.int64),
        columns=columns,
        mutual_min=mutual_min,
        skills_weight=weights["skills"],
        has_penalty=bool(penalties),
    )


def _criteria_blocks(
    mentors: Sequence[Person], mentees: Sequence[Person], settings: Settings
) -> dict[str, Block]:
    """The blocks of every criterion but skills, unweighted."""
    at = settings.timezone_reference
    n_m, n_e = len(mentors), len(mentees)
    attributes = settings.diversity_attributes
    diversity = [
        _table_block(
            _keys(p.diversity.get(attribute) for p in mentors),
            _keys(p.diversity.get(attribute) for p in mentees),
            lambda a, b: (0.5 if a is None or b is None else float(a != b)) / len(attributes),
        )
        for attribute in attributes
    ]
    level = _table_block(
        [p.level for p in mentors],
        [p.level for p in mentees],
        lambda a, b: 0.5 * level_gap_score(a, b, settings),
    )
    generation = _table_block(
        _keys(p.generation for p in mentors),
        _keys(p.generation for p in mentees),
        lambda a, b: 0.5 * generation_score(a, b),
    )
    return {
        "interests": _interests_block(mentors, mentees),
        "personality": _personality_block(mentors, mentees),
        "gap": _concat([level, generation], n_m, n_e),
        # Categories are compared by their keys ("Finance " and "finance" are one department).
        "department": _table_block(
            _keys(p.department for p in mentors),
            _keys(p.department for p in mentees),
            lambda a, b: department_score(a, b, settings),
        ),
        "timezone": _table_block(
            _offsets(mentors, at),
            _offsets(mentees, at),
            timezone_score,
        ),
        "diversity": _concat(diversity, n_m, n_e),
    }


def _skills_blocks(
    mentors: Sequence[Person], mentees: Sequence[Person], taxonomy: Taxonomy, settings: Settings
) -> tuple[Block, tuple[Block, Block] | None]:
    """The skills block, and for mutual programs scored by the "min" of both directions
    the two directions on their own (the skills block is then empty)."""
    forward = _skills_block(mentors, mentees, taxonomy)
    if settings.program_type != "mutual":
        return forward, None
    backward = _skills_block(mentees, mentors, taxonomy)
    if settings.mutual_combine == "min":
        empty = Block(np.zeros((len(mentors), 0)), np.zeros((len(mentees), 0)))
        return empty, (forward, backward)
    both = Block(
        np.hstack([forward.mentor, backward.mentee]) * 0.5,
        np.hstack([forward.mentee, backward.mentor]),
    )
    return both, None


def _penalty_blocks(
    mentors: Sequence[Person], mentees: Sequence[Person], settings: Settings
) -> list[Block]:
    """Columns that make a forbidden pair score ``-BIG``: the department and time-zone
    rules."""
    penalties: list[Block] = []
    if settings.same_department == "forbid":
        penalties.append(
            _table_block(
                _keys(p.department for p in mentors),
                _keys(p.department for p in mentees),
                lambda a, b: -BIG if same_department(a, b) else 0.0,
            )
        )
    limit = settings.max_timezone_diff_hours
    if limit is not None:
        at = settings.timezone_reference

        def tz_penalty(a: float | None, b: float | None) -> float:
            if a is None or b is None:
                return 0.0
            return -BIG if offset_diff(a, b) > limit + 1e-9 else 0.0

        penalties.append(
            _table_block(
                _offsets(mentors, at),
                _offsets(mentees, at),
                tz_penalty,
            )
        )
    return penalties


def level_mask(
    features: Features, mentee_rows: np.ndarray, mentor_rows: np.ndarray, settings: Settings
) -> np.ndarray:
    """Boolean (mentees x mentors) block: the level rule holds."""
    return levels_allowed(
        features.mentor_levels[mentor_rows][None, :],
        features.mentee_levels[mentee_rows][:, None],
        settings,
    )


def levels_allowed(mentor: np.ndarray, mentee: np.ndarray, settings: Settings) -> np.ndarray:
    """Whether the level rule allows each mentor level with each mentee level (broadcast)."""
    gap = settings.min_level_gap
    if settings.program_type == "reverse":
        return np.asarray(mentor <= mentee - gap)
    if settings.program_type == "traditional":
        return np.asarray(mentor >= mentee + gap)
    return np.ones(np.broadcast_shapes(mentor.shape, mentee.shape), dtype=bool)


def block_scores(
    features: Features,
    mentee_rows: np.ndarray,
    mentor_rows: np.ndarray,
    settings: Settings,
    dtype: type = np.float64,
) -> np.ndarray:
    """Scores of a block of pairs (mentees x mentors), ``-inf`` where the level, department
    or time-zone rule forbids the pair (sparse exclusions are not applied here)."""
    v = features.mentee[mentee_rows].astype(dtype, copy=False)
    u = features.mentor[mentor_rows].astype(dtype, copy=False)
    scores = v @ u.T
    if features.mutual_min is not None:
        forward, backward = features.mutual_min
        f = forward.mentee[mentee_rows] @ forward.mentor[mentor_rows].T
        b = backward.mentor[mentee_rows] @ backward.mentee[mentor_rows].T
        scores += (features.skills_weight * np.minimum(f, b)).astype(dtype, copy=False)
    allowed = level_mask(features, mentee_rows, mentor_rows, settings)
    if features.has_penalty:
        allowed &= scores > -BIG / 2
    scores[~allowed] = -np.inf
    return scores


def pair_scores(features: Features, mentee_rows: np.ndarray, mentor_rows: np.ndarray) -> np.ndarray:
    """Scores of the pairs ``(mentee_rows[k], mentor_rows[k])`` in float64, for pairs known
    to be eligible (no rule is applied): the large path searches in float32, and the pairs
    it keeps are scored again here."""
    j = np.asarray(mentee_rows, dtype=np.int64)
    i = np.asarray(mentor_rows, dtype=np.int64)
    v = features.mentee[j].astype(np.float64, copy=False)
    u = features.mentor[i].astype(np.float64, copy=False)
    scores = np.einsum("ij,ij->i", v, u)
    if features.mutual_min is not None:
        forward, backward = features.mutual_min
        f = np.einsum("ij,ij->i", forward.mentee[j], forward.mentor[i])
        b = np.einsum("ij,ij->i", backward.mentor[j], backward.mentee[i])
        scores += features.skills_weight * np.minimum(f, b)
    return scores
