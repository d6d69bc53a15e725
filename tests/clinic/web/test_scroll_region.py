from pathlib import Path

from django.conf import settings
from django.template import Context, Template


def test_scroll_region_is_a_focusable_named_region():
    template = Template(
        "{% load regions %}{% scroll_region label %}<table></table>{% endscroll_region %}"
    )

    html = template.render(Context({"label": "Fees & credits"}))

    assert html == (
        '<div class="table-responsive position-relative" tabindex="0" role="region"'
        ' aria-label="Fees &amp; credits">'
        "<table></table></div>"
    )


def test_every_scrolling_table_is_a_scroll_region():
    templates = Path(settings.BASE_DIR) / "templates"

    written_by_hand = [
        str(path.relative_to(templates))
        for path in sorted(templates.rglob("*.html"))
        if 'class="table-responsive' in path.read_text()
    ]

    assert written_by_hand == []
