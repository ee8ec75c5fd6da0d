"""The dashboard's pure parts: CSV neutralization, the SVG chart, the progress arithmetic."""

from datetime import date

import pytest

from matcher.dashboard import charts, export, progress, tables


@pytest.mark.parametrize("cell, expected", [
    ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
    ("+33 1 23", "'+33 1 23"),
    ("-2+3", "'-2+3"),
    ("@cmd", "'@cmd"),
    ("\tTAB", "'\tTAB"),
    ("\rCR", "'\rCR"),
    ("CHSLD des Érables", "CHSLD des Érables"),
    ("a=b", "a=b"),
    ("", ""),
    (42, 42),
    (-3, -3),
    (None, None),
])
def test_neutralize_prefixes_cells_a_spreadsheet_would_run(cell, expected):
    assert export.neutralize(cell) == expected


def test_csv_writes_numbers_for_machines_and_neutralizes_text_and_headers():
    table = tables.Table("t", "T", (
        tables.Column("=Name", "text"), tables.Column("Month", "month"),
        tables.Column("Hires"), tables.Column("Share", "percent")), (
        tables.Row(("-1 agency", date(2024, 1, 1), 1234, 0.12345)),
        tables.Row(("Libre Emploi", date(2024, 2, 1), 0, None))))
    assert export.to_csv(table) == (
        "'=Name,Month,Hires,Share (%)\r\n"
        "'-1 agency,2024-01,1234,12.3\r\n"
        "Libre Emploi,2024-02,0,\r\n")


def test_line_chart_is_an_image_with_a_title_a_description_and_escaped_text():
    svg = charts.line_chart(
        [charts.Series(((0, 0), (10, 5)), "series-actual")], x_range=(0, 10),
        y_ticks=[(0, "0"), (5, "5")], x_ticks=[(5, "<b>mid</b>", True)],
        title="Hires & pace", description='He said "5"', chart_id="c1")
    assert svg.startswith('<svg class="chart" viewBox="0 0 560 320" role="img" '
                          'aria-labelledby="c1-title c1-desc"')
    assert '<title id="c1-title">Hires &amp; pace</title>' in svg
    assert '<desc id="c1-desc">He said &#34;5&#34;</desc>' in svg
    assert "&lt;b&gt;mid&lt;/b&gt;" in svg and "<b>" not in svg
    assert 'points="76.0,280.0 544.0,16.0"' in svg


def test_bars_are_decorative_and_clamped():
    assert 'aria-hidden="true"' in charts.bar(0.5)
    assert 'width="100.0%"' in charts.bar(3) and 'width="0.0%"' in charts.bar(-1)


@pytest.mark.parametrize("top, ticks", [
    (1500, [0, 500, 1000, 1500]), (70, [0, 20, 40, 60, 80]), (0, [0, 1]),
    (12, [0, 5, 10, 15]),
])
def test_nice_ticks(top, ticks):
    assert charts.nice_ticks(top) == ticks


def test_progress_after_the_deadline_has_no_pace_needed():
    p = progress.compute(100, date(2024, 1, 1), date(2024, 12, 31), date(2025, 3, 1),
                         {(2024, 5): 40}, upcoming=0, recent=0)
    assert p.needed_monthly_pace is None and p.days_left == 0
    assert p.expected_now == 100 and p.projected_total == 40
    assert p.target_reached_on is None
    assert p.months[-1].first_day == date(2024, 12, 1)


def test_progress_when_the_target_is_reached():
    p = progress.compute(10, date(2024, 1, 1), date(2024, 12, 31), date(2024, 6, 30),
                         {(2023, 11): 2, (2024, 2): 9}, upcoming=0, recent=9)
    assert p.reached and p.target_reached_on == date(2024, 6, 30)
    # Hires before the program's start count in its first month.
    assert [(m.hires, m.cumulative) for m in p.months[:2]] == [(2, 2), (9, 11)]
    assert p.needed_monthly_pace == 0


def test_excel_in_french_uses_semicolons_and_decimal_commas_and_stays_formula_safe():
    table = tables.Table("t", "T", (
        tables.Column("Name", "text"), tables.Column("Hires"), tables.Column("Share", "percent")),
        (tables.Row(("=SUM(A1)", 3, 0.125)), tables.Row(("Sud; Ouest", 0, None))))
    assert export.to_csv(table, export.FORMATS["excel_fr"]) == (
        "Name;Hires;Share (%)\r\n"
        "'=SUM(A1);3;12,5\r\n"
        '"Sud; Ouest";0;\r\n')
