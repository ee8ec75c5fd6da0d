"""CSV exports, safe to open in a spreadsheet, in two dialects.

Excel set to French (Canada) splits a CSV on semicolons and reads "12,5" as a number; set
to English it splits on commas and reads "12.5". So each export offers both:
- "excel_fr": semicolons, decimal commas;
- "standard": commas, decimal points (RFC 4180, what other programs expect).
Both start with a UTF-8 byte-order mark: without it, Excel in either language reads the
accents of "Montréal" as another encoding. Dates stay ISO (2024-09-30) in both.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import Response, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


@dataclass(frozen=True)
class CsvFormat:
    """A CSV dialect: its field separator and decimal mark."""

    key: str
    label: object
    delimiter: str
    decimal: str


FORMATS = {
    "excel_fr": CsvFormat("excel_fr", _l("Excel (French)"), ";", ","),
    "standard": CsvFormat("standard", _l("Standard CSV"), ",", "."),
}


def choose_format(requested: str | None) -> CsvFormat:
    """Return the format asked for, else the one that suits the page's language."""
    if requested in FORMATS:
        return FORMATS[requested]
    return FORMATS["standard" if str(get_locale() or "fr").startswith("en") else "excel_fr"]


def csv_urls(endpoint: str, **values) -> list[tuple[CsvFormat, str]]:
    """Return (format, download URL) for each format, French first."""
    return [(fmt, url_for(endpoint, format=key, **values)) for key, fmt in FORMATS.items()]


def neutralize(value):
    """Defuse a text cell a spreadsheet would run as a formula by prefixing a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _number(value, fmt: CsvFormat) -> str:
    return str(value).replace(".", fmt.decimal)


def csv_value(value, kind: str, fmt: CsvFormat = FORMATS["standard"]):
    """Write a cell: ISO months and dates, percents as numbers, no grouping."""
    if value is None:
        return ""
    if kind == "percent":
        return _number(f"{value * 100:.1f}", fmt)
    if kind == "month" and isinstance(value, date):
        return value.strftime("%Y-%m")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return _number(value, fmt)
    return neutralize(str(value)) if kind == "text" else value


def write_csv(header, rows, fmt: CsvFormat) -> str:
    """Return CSV text: a header row, then rows already written as cells (`csv_value`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=fmt.delimiter, lineterminator="\r\n")
    writer.writerow([neutralize(str(cell)) for cell in header])
    writer.writerows(rows)
    return buffer.getvalue()


def to_csv(table, fmt: CsvFormat = FORMATS["standard"]) -> str:
    """Return a table (see tables.Table) as CSV text with a header row."""
    return write_csv(
        [column.csv_header for column in table.columns],
        ([csv_value(value, column.kind, fmt)
          for value, column in zip(row.values, table.columns, strict=True)]
         for row in table.rows), fmt)


def download(text: str, name: str) -> Response:
    """Return CSV text as a file download, with the byte-order mark spreadsheets need."""
    return Response(BOM + text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
