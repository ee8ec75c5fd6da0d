"""The employer tests share the postings tests' fixtures."""

from tests.postings.conftest import fixed_today, hr  # noqa: F401
