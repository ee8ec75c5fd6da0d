"""schemathesis against the running app, from its own OpenAPI document: every operation,
every check (including negative data and ignored authorization), positive and negative
data, with an employer token and an agency token, on the test database (SQLite, or
PostgreSQL with DATABASE_URL).

Deterministic: derandomized hypothesis and a bounded number of examples per operation
(`make fuzz` tries ten times as many). The operations are walked here rather than through
schemathesis's lazy pytest fixture, which does not run under this project's pytest.
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from tests.api.conftest import bearer
from tests.conftest import examples

# Schema-valid data that a business rule refuses is a 422: the rules need the date and the
# database (minimum wage on the start date, a permit not expired, an offer before a hire),
# which no JSON Schema can say. A cursor the API did not issue is a 400: the document gives a
# cursor's form (pattern and length), but a cursor is opaque, so one of the right form may
# still name no position the API gave out. docs/api.md ("What the OpenAPI document can say")
# tells clients both. No 5xx is expected anywhere.
CONFIG = {"checks": {
    "positive_data_acceptance": {"expected-statuses": [
        "2xx", "400", "401", "403", "404", "409", "422", "429"]},
    "negative_data_rejection": {"expected-statuses": [
        "400", "401", "403", "404", "405", "409", "413", "415", "422", "429"]},
}}
SETTINGS = settings(max_examples=examples(6), derandomize=True, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


def failures_for(app, token: str) -> list[str]:
    """Run every operation in both modes; return what failed, one line each."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app,
                                            config=SchemathesisConfig.from_dict(CONFIG))
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @SETTINGS
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case):
                case.call_and_validate(headers=bearer(token))

            try:
                check()
            except BaseException as error:  # noqa: BLE001  (each failure is listed)
                if isinstance(error, KeyboardInterrupt):
                    raise
                failures.append(f"{operation.label} [{mode}]: {str(error)[:1500]}")
    assert operations >= 20, "the document lists every operation"
    return failures


def test_schemathesis_finds_no_failure_with_an_employer_token(app, world):
    failures = failures_for(app, world.employer_token)
    assert not failures, "\n\n".join(failures)


def test_schemathesis_finds_no_failure_with_an_agency_token(app, world):
    failures = failures_for(app, world.agency_token)
    assert not failures, "\n\n".join(failures)
