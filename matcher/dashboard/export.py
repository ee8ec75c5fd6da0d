"""CSV export of the dashboard's tables, safe to open in a spreadsheet."""

import csv
import io
from datetime import date

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """Defuse a text cell a spreadsheet would run as a formula by prefixing a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_value(value, kind: str):
    """Write a cell for machines: ISO months and dates, percents as numbers, no grouping."""
    if value is None:
        return ""
    if kind == "percent":
        return f"{value * 100:.1f}"
    if kind == "month" and isinstance(value, date):
        return value.strftime("%Y-%m")
    if isinstance(value, date):
        return value.isoformat()
    return neutralize(str(value)) if kind == "text" else value


def to_csv(table) -> str:
    """Return a table (see tables.Table) as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize(column.csv_header) for column in table.columns])
    for row in table.rows:
        writer.writerow([csv_value(value, column.kind)
                         for value, column in zip(row.values, table.columns, strict=True)])
    return buffer.getvalue()
