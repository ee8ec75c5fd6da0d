"""matcher/ranking is pure: it may import the standard library and numeric packages only."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

RANKING = Path(__file__).resolve().parents[2] / "matcher" / "ranking"
ALLOWED_THIRD_PARTY = {"numpy", "scipy", "sklearn", "rapidfuzz"}


def forbidden_imports(source: str) -> list[str]:
    """Return the top-level modules imported by `source` that ranking may not use."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top not in sys.stdlib_module_names and top not in ALLOWED_THIRD_PARTY:
                found.append(name)
    return found


def test_checker_flags_flask_sqlalchemy_and_app_imports():
    source = "import flask\nfrom flask_login import current_user\nfrom sqlalchemy import select\n"
    source += "from matcher.models import Candidate\nimport numpy as np\nfrom . import score\n"
    assert forbidden_imports(source) == [
        "flask",
        "flask_login",
        "sqlalchemy",
        "matcher.models",
    ]


def test_ranking_modules_import_only_stdlib_and_numeric_packages():
    files = sorted(RANKING.rglob("*.py"))
    assert {"__init__.py", "index.py", "occupations.py"} <= {f.name for f in files}
    offenders = {
        f.name: bad for f in files if (bad := forbidden_imports(f.read_text(encoding="utf-8")))
    }
    assert offenders == {}
