"""Hypothesis strategies and builders for engine tests: small vocabularies, so that pairs
share skills and interests often."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from remento.matching.engine import Person, Taxonomy

SKILLS = ("tiktok", "instagram", "generative-ai", "prompting", "excel", "sql")
TAXONOMY = Taxonomy(
    categories={
        "tiktok": "social",
        "instagram": "social",
        "generative-ai": "ai",
        "prompting": "ai",
        "excel": "data",
    },
    names={"tiktok": "TikTok", "generative-ai": "generative AI"},
)
INTERESTS = ("running", "jazz", "chess", "cooking")
DEPARTMENTS = ("Sales", "IT", "Finance", " finance ", None)  # two spellings of one
ZONES = ("Europe/Paris", "America/New_York", "+05:30", 9.0, None)


@st.composite
def people(draw: st.DrawFn, prefix: str, count: int, max_capacity: int = 2) -> list[Person]:
    out = []
    for n in range(count):
        out.append(
            Person(
                id=f"{prefix}{n}",
                name=f"{prefix.upper()}{n}",
                level=draw(st.integers(1, 8)),
                department=draw(st.sampled_from(DEPARTMENTS)),
                manager_chain=tuple(
                    draw(
                        st.lists(
                            st.sampled_from(
                                [f"m{i}" for i in range(4)] + [f"e{i}" for i in range(4)]
                            ),
                            max_size=2,
                        )
                    )
                ),
                teaches=draw(
                    st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), max_size=3)
                ),
                wants=draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), max_size=3)),
                interests=frozenset(draw(st.sets(st.sampled_from(INTERESTS), max_size=3))),
                extraversion=draw(st.one_of(st.none(), st.floats(1, 5))),
                generation=draw(st.sampled_from(["Gen Z", "Gen X", None])),
                timezone=draw(st.sampled_from(ZONES)),
                hours_per_month=draw(st.sampled_from([None, 2.0, 6.0])),
                capacity=draw(st.integers(0, max_capacity)),
                diversity=draw(
                    st.dictionaries(
                        st.sampled_from(["gender", "origin"]),
                        st.sampled_from(["a", "b"]),
                        max_size=2,
                    )
                ),
            )
        )
    return out


def random_people(rng: np.random.Generator, prefix: str, count: int) -> list[Person]:
    """Seeded people for medium-size comparisons (hypothesis would be too slow there)."""
    out = []
    for n in range(count):
        teach = rng.choice(len(SKILLS), size=int(rng.integers(0, 4)), replace=False)
        want = rng.choice(len(SKILLS), size=int(rng.integers(0, 4)), replace=False)
        out.append(
            Person(
                id=f"{prefix}{n:04d}",
                level=int(rng.integers(1, 9)),
                department=DEPARTMENTS[int(rng.integers(0, 4))],
                teaches={SKILLS[s]: int(rng.integers(1, 6)) for s in teach},
                wants={SKILLS[s]: int(rng.integers(1, 6)) for s in want},
                interests=frozenset(
                    INTERESTS[i] for i in rng.choice(4, int(rng.integers(0, 3)), replace=False)
                ),
                extraversion=float(rng.integers(1, 6)),
                timezone=ZONES[int(rng.integers(0, len(ZONES)))],
                capacity=int(rng.integers(1, 3)),
            )
        )
    return out
