"""docs/import-formats.md, written from the pydantic models the importers validate with.

`flask docs import-formats` rewrites the file; `--check` says whether the checked-in file
still matches the models (a test runs it). The field tables come from each model's JSON
schema: type, whether required, default, bounds and the field's description, so the
documentation cannot drift from what `flask import` and the API accept.
"""

from pathlib import Path

import click
from flask.cli import AppGroup
from pydantic import BaseModel

from matcher.candidates.schemas import CandidateLine
from matcher.paths import ROOT
from matcher.postings.schemas import PostingLine

TARGET = ROOT / "docs" / "import-formats.md"
FORMATS = (  # (title, command, the model of one line, the hand-written guide)
    ("Postings", "flask import postings FILE.jsonl --establishment NAME", PostingLine,
     "import-postings.md"),
    ("Candidates", "flask import candidates FILE.jsonl --agency NAME", CandidateLine,
     "import-candidates.md"),
)
HEADER = """\
# Import formats (generated)

<!-- Written by `flask docs import-formats` from the pydantic models of
     matcher/postings/schemas.py and matcher/candidates/schemas.py. Do not edit by hand:
     change the models, then run the command (a test fails while this file differs). -->

Each line of an import file is one JSON object ([JSON Lines](https://jsonlines.org/)),
UTF-8. These are the same models that check the bodies of the API (`/api/v1/openapi.json`),
so a line and a request body are refused for the same reasons, with the same messages.

- A field not listed is refused (a typo would otherwise be lost silently).
- An optional field may be left out or set to `null`; it then takes its default.
- Types are strict: a whole number is not `"5"`, a list is not a single string, `true` is
  not `"yes"`. Dates are strings written `YYYY-MM-DD`, from 1900 to 2100.
- Text is trimmed of surrounding spaces and put in Unicode NFC form; no text may contain a
  NUL character.
- Rules that need the date or the database (minimum wage, a permit not expired, known
  region and occupation codes, an email not taken) are listed in each field's rules.
- A refused file prints one problem a line, `line N: field: message`, and imports nothing.
"""


def _variants(schema: dict) -> tuple[dict, bool]:
    """Return a field's schema without its null alternative, and whether null is allowed."""
    options = schema.get("anyOf")
    if not options:
        return schema, False
    kept = [option for option in options if option.get("type") != "null"]
    return ({**kept[0], **{k: v for k, v in schema.items() if k != "anyOf"}},
            len(kept) < len(options))


def _code_list(values) -> str:
    return ", ".join(f"`{value}`" for value in values)


def _type(schema: dict) -> str:
    kind = schema.get("type")
    if "$ref" in schema:
        return "object (" + schema["$ref"].rsplit("/", 1)[-1] + ", below)"
    if "enum" in schema:
        return "string: " + _code_list(schema["enum"])
    if kind == "array":
        items = schema.get("items", {})
        if "$ref" in items:
            return "list of " + items["$ref"].rsplit("/", 1)[-1] + " objects (below)"
        item = _type(items)
        return "list of " + ("strings" + item[len("string"):] if item.startswith("string")
                             else item + "s")
    if kind == "string":
        return "date `YYYY-MM-DD`" if schema.get("format") == "date" else "string"
    return {"integer": "whole number", "number": "number", "boolean": "`true` / `false`",
            "object": "object"}.get(kind, "any")


def _bounds(schema: dict) -> list[str]:
    found = []
    low, high = schema.get("minLength"), schema.get("maxLength")
    if high is not None:
        found.append(f"{low} to {high} characters" if low else f"at most {high} characters")
    low, high = schema.get("minItems"), schema.get("maxItems")
    if high is not None:
        found.append(f"{low} to {high} items" if low else f"at most {high} items")
    low, above, high = (schema.get("minimum"), schema.get("exclusiveMinimum"),
                        schema.get("maximum"))
    if above is not None:
        found.append(f"above {above:g}" + (f", at most {high:g}" if high is not None else ""))
    elif low is not None and high is not None:
        found.append(f"{low:g} to {high:g}")
    elif low is not None:
        found.append(f"at least {low:g}")
    return found


def _default(field: dict) -> str:
    if "default" not in field or field["default"] is None:
        return ""
    value = field["default"]
    text = {True: "true", False: "false"}.get(value, value) if isinstance(value, bool) else value
    return f"`{text!s}`" if text != "" else '`""`'


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_rows(schema: dict) -> list[str]:
    """Return the Markdown rows of one object schema's fields."""
    required = set(schema.get("required", ()))
    rows = []
    for name, field in schema["properties"].items():
        inner, nullable = _variants(field)
        if inner.get("type") == "array" and "items" in inner:
            item, _ = _variants(inner["items"])
            inner = {**inner, "items": item}
        rules = _bounds(inner)
        if inner.get("type") == "array":
            rules += [f"each {bound}" for bound in _bounds(inner["items"])]
        description = inner.get("description") or field.get("description")
        if description:
            rules.append(description)
        wanted = "yes" if name in required else "no"
        default = _default(field)
        if default and name not in required:
            wanted += f" ({default})"
        rows.append(f"| `{name}` | {_cell(_type(inner))} | {wanted} | "
                    f"{_cell('; '.join(rules))} |")
    return rows


def _table(schema: dict) -> list[str]:
    return ["| field | type | required (default) | rules |", "|---|---|---|---|",
            *field_rows(schema)]


def model_section(title: str, command: str, model: type[BaseModel], guide: str) -> list[str]:
    """Return the section documenting one import format."""
    schema = model.model_json_schema(mode="validation")
    lines = [f"## {title}", "", f"`{command}` — one `{model.__name__}` a line. "
             f"How the import works (all or nothing, idempotence, examples): [{guide}]({guide}).",
             "", (model.__doc__ or "").strip(), "", *_table(schema)]
    for name, nested in schema.get("$defs", {}).items():
        lines += ["", f"### {name}", "", (nested.get("description") or "").strip(), "",
                  *_table(nested)]
    return lines


def render() -> str:
    """Return the whole document."""
    lines = [HEADER.rstrip("\n"), ""]
    for section in FORMATS:
        lines += [*model_section(*section), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


docs_group = AppGroup("docs", help="Write documentation generated from the code.")


@docs_group.command("import-formats")
@click.option("--check", is_flag=True, help="Only say whether the file is up to date.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=TARGET,
              show_default=True)
def import_formats(check: bool, output: Path) -> None:
    """Write docs/import-formats.md from the importers' pydantic models."""
    text = render()
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            raise click.ClickException(
                f"{output} differs from the models: run `flask docs import-formats`.")
        click.echo(f"{output} is up to date.")
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {output}.")
