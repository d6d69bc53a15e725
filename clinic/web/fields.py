"""Serializer fields every API input uses in place of DRF's own."""

from rest_framework import serializers

from .validators import DATE_OUT_OF_RANGE, is_sane_date


class DateTimeField(serializers.DateTimeField):
    """DRF's, refusing a time outside 1900-2200 before any time-zone arithmetic on it: a naive
    9999-12-31T23:59 in a zone west of UTC lies past the calendar's end, and DRF's own
    check of the local time fails on it."""

    def enforce_timezone(self, value):
        if not is_sane_date(value):
            raise serializers.ValidationError(DATE_OUT_OF_RANGE, code="date_out_of_range")
        return super().enforce_timezone(value)
