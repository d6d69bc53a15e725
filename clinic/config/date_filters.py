"""The `spoken` filter, built into every template: a date as people read it.

Plain {{ value }}, `date` and `time` already follow the clinic's formats; `spoken` is for a
template that wants to say so, or holds a value that may be a moment or a day.
"""

from datetime import date, time

from django import template

from clinic.clock import spoken as spoken_value

register = template.Library()


@register.filter
def spoken(value: date | time | None) -> str:
    if not isinstance(value, date | time):
        return ""
    return spoken_value(value)
