"""Reading a people CSV and a PROGRAM.toml, writing pairs: the engine on files alone.

The format is documented in docs/matching.md. Every error names the row (the line number
in the file, header = 1) and the field, and nothing is matched when any row is wrong.

- :mod:`.errors`: :class:`InputError` and :func:`decode` (bytes to text);
- :mod:`.people`: the people CSV (:func:`read_people`, :class:`People`);
- :mod:`.program`: the PROGRAM.toml (:func:`read_program`);
- :mod:`.pairs`: the pairs CSV (:func:`write_pairs`).
"""

from .errors import InputError, decode
from .pairs import write_pairs
from .people import COLUMNS, DEFAULT_SKILL_LEVEL, ROLES, People, read_people
from .program import read_program

__all__ = [
    "COLUMNS",
    "DEFAULT_SKILL_LEVEL",
    "ROLES",
    "InputError",
    "People",
    "decode",
    "read_people",
    "read_program",
    "write_pairs",
]
