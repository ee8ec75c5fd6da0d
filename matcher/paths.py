"""Where Passerelle's data directories are: templates, static, seed, migrations.

In a checkout they sit beside the package (ROOT/templates ...); an installed wheel
carries them inside it (matcher/templates ..., see setup.py).
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent


def data_dir(name: str) -> Path:
    """Return the directory `name` inside the installed package, else beside it."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else ROOT / name
