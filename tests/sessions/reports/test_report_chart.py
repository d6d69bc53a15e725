"""The reports' bar chart: labels that fit, a round scale, and an empty chart."""

import re

from sessions.reports.charts import Series, bar_chart_svg, nice_ceiling


def test_chart_labels_fit_their_room_and_bars_carry_the_full_name():
    names = [f"Therapist with a long name {number}" for number in range(7)]

    svg = bar_chart_svg(
        title="Utilisation", categories=names, series=[Series("Utilisation", [50] * 7)], unit="%"
    )

    labels = re.findall(r'text-anchor="middle">([^<]+)</text>', svg)
    assert labels == ["Therapi…"] * 7  # 79 units a category: 8 characters
    assert "<title>Utilisation, Therapist with a long name 6: 50 %</title>" in svg
    assert "style=" not in svg and "<script" not in svg


def test_chart_scale_ends_on_a_round_number():
    assert [nice_ceiling(value) for value in (0, 0.4, 3, 10, 11, 230)] == [1, 0.5, 5, 10, 20, 500]


def test_chart_without_categories_says_so():
    assert "Nothing to show for this range." in bar_chart_svg(
        title="Empty", categories=[], series=[Series("None", [])], unit="messages"
    )
