"""The clinic's one way of writing dates for people, as Django's formats for English.

Django reads these before its own locale's, so a plain {{ value }}, the `date` and `time`
filters without an argument, forms' displayed values and the admin all follow the clinic's
clock. Input formats are left to Django's locale.
"""

from clinic.clock import DATE_FORMAT, DATETIME_FORMAT, TIME_FORMAT

SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
# A day of a month, as the admin's date drill-down names it, is a day like any other.
MONTH_DAY_FORMAT = DATE_FORMAT

__all__ = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "MONTH_DAY_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "TIME_FORMAT",
]
