"""The house's shape: small modules, short functions (ARCHITECTURE.md, "Habits").

A module past 400 lines or a function past 60 lines fails this test unless it says why in
one line: ``# long-module: <reason>`` among a module's first ten lines, or
``# long-function: <reason>`` on the line after a function's ``def`` line(s).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "remento"
MODULE_MAX = 400
FUNCTION_MAX = 60


def _sources() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def _says_why(lines: list[str], index: int, marker: str) -> bool:
    return 0 <= index < len(lines) and lines[index].strip().startswith(f"# {marker}:")


def test_no_module_over_the_limit_without_a_reason() -> None:
    too_long = []
    for path in _sources():
        lines = path.read_text().splitlines()
        if len(lines) > MODULE_MAX and not any(
            line.startswith("# long-module:") for line in lines[:10]
        ):
            too_long.append(f"{path.relative_to(ROOT.parent)}: {len(lines)} lines")
    assert too_long == []


def test_no_function_over_the_limit_without_a_reason() -> None:
    too_long = []
    for path in _sources():
        text = path.read_text()
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            first_body_line = node.body[0].lineno - 1  # 0-based index of the body's start
            if length > FUNCTION_MAX and not _says_why(lines, first_body_line - 1, "long-function"):
                too_long.append(
                    f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.name}: {length}"
                )
    assert too_long == []
