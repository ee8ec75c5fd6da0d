"""Build hook: put the data directories that sit beside `matcher/` inside the built package.

templates/, static/, seed/ and migrations/ stay at the top of the repository (where
everyone works on them); a wheel carries them as matcher/templates/ and so on, and
matcher.paths finds them in either place. The translations are compiled here too, so
an installed Passerelle speaks French without a separate `pybabel compile`.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_DIRS = ("templates", "static", "seed", "migrations")


class BuildWithData(build_py):
    """build_py, plus the data directories and the compiled catalogs."""

    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads them from the checkout
            return
        package = Path(self.build_lib) / "matcher"
        for name in DATA_DIRS:
            shutil.copytree(name, package / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        self._compile_catalogs(package / "translations")

    @staticmethod
    def _compile_catalogs(translations: Path) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in translations.glob("*/LC_MESSAGES/messages.po"):
            with open(po_path, "rb") as handle:
                catalog = read_po(handle, locale=po_path.parts[-3])
            with open(po_path.with_suffix(".mo"), "wb") as handle:
                write_mo(handle, catalog)


setup(cmdclass={"build_py": BuildWithData})
