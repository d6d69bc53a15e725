"""`{% scroll_region "Label" %}...{% endscroll_region %}`: a wide table's scrolling wrapper.

A table wider than a phone scrolls inside its wrapper; the wrapper takes the keyboard's focus
(so arrow keys scroll it) and is a named region (so a screen reader says what it holds).

    {% load regions %}
    {% scroll_region "Treated points" %}<table>...</table>{% endscroll_region %}
"""

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html

register = template.Library()


class ScrollRegionNode(template.Node):
    def __init__(self, label: FilterExpression, nodelist: NodeList) -> None:
        self.label, self.nodelist = label, nodelist

    def render(self, context) -> str:
        return format_html(
            # position-relative keeps a row's stretched link inside the table.
            '<div class="table-responsive position-relative" tabindex="0" role="region"'
            ' aria-label="{}">{}</div>',
            self.label.resolve(context),
            self.nodelist.render(context),
        )


@register.tag
def scroll_region(parser: Parser, token: Token) -> ScrollRegionNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the region's label")
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode(parser.compile_filter(bits[1]), nodelist)
