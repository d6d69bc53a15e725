"""Lookups on integer ids that leave out numbers no column can hold.

Such a number can match no row, and SQLite raises OverflowError on it: a query parameter or
a form's choice of 99999999999999999999999999 would be a 500. Django already leaves them out
of `exact`, `lt` and `gt` on an integer field; these do the same for `in`, and for `exact`
and `in` on a foreign key to an integer id (`client=`, `client_id=`).
"""

from django.core.exceptions import EmptyResultSet
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def _id_range(lookup, connection) -> tuple[int | None, int | None]:
    """The range of the integer column a lookup compares with (none if not an integer)."""
    field = lookup.lhs.output_field
    internal_type = getattr(field, "target_field", field).get_internal_type()
    return connection.ops.integer_field_ranges.get(internal_type, (None, None))


def _within(value, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int):
        return True
    return (low is None or value >= low) and (high is None or value <= high)


class _WithinRangeIn:
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = _id_range(self, connection)
            self.rhs = [value for value in self.rhs if _within(value, low, high)]
        return super().process_rhs(compiler, connection)


class IntegerIn(_WithinRangeIn, In):
    """`in` on an integer field."""


class ForeignKeyIn(_WithinRangeIn, RelatedIn):
    """`in` on a foreign key."""


class ForeignKeyExact(RelatedExact):
    """`exact` on a foreign key."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and not _within(self.rhs, *_id_range(self, connection)):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)
