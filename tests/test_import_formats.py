"""docs/import-formats.md is written from the importers' pydantic models and must not drift."""

import json
import re

from matcher import import_formats
from matcher.candidates.schemas import CandidateLine, ExperienceLine
from matcher.paths import ROOT
from matcher.postings.schemas import PostingLine

DOCS = ROOT / "docs"


def test_the_checked_in_document_is_what_the_models_generate(runner):
    result = runner.invoke(args=["docs", "import-formats", "--check"])
    assert result.exit_code == 0, (
        result.output + "\nRun `flask docs import-formats` and commit docs/import-formats.md.")


def test_the_check_fails_when_the_document_differs(runner, tmp_path):
    stale = tmp_path / "import-formats.md"
    stale.write_text(import_formats.render().replace("`openings`", "`vacancies`"),
                     encoding="utf-8")
    result = runner.invoke(args=["docs", "import-formats", "--check", "--output", str(stale)])
    assert result.exit_code != 0 and "differs from the models" in result.output
    written = runner.invoke(args=["docs", "import-formats", "--output", str(stale)])
    assert written.exit_code == 0
    assert stale.read_text(encoding="utf-8") == import_formats.render()


def test_every_field_of_every_line_model_is_documented_with_its_description():
    text = import_formats.render()
    postings, rest = text.split("\n## Candidates\n")
    candidates, jobs = rest.split("\n### ExperienceLine\n")
    for model, section in ((PostingLine, postings), (CandidateLine, candidates),
                           (ExperienceLine, jobs)):
        for name, field in model.model_fields.items():
            row = next(line for line in section.splitlines()
                       if line.startswith(f"| `{name}` |"))
            if field.description:
                assert field.description.replace("|", "\\|") in text, name
            assert ("| yes |" in row) == field.is_required(), (model.__name__, name)
    assert "| `hourly_wage` | number | yes | above 0, at most 999.99;" in text
    assert "| `min_french_oral` | whole number | no (`5`) | 5 to 12;" in text


def test_the_examples_of_the_import_guides_are_valid_lines():
    for guide, model in (("import-postings.md", PostingLine),
                         ("import-candidates.md", CandidateLine)):
        block = re.search(r"```json\n(.*?)\n```", (DOCS / guide).read_text(encoding="utf-8"),
                          re.S).group(1)
        for line in block.splitlines():
            model.model_validate(json.loads(line))
