"""An `in` lookup for integer columns that leaves out numbers no column can hold."""

from django.db.models.lookups import In


class IntegerIn(In):
    """`in` for integer fields, without the numbers out of the column's range: they can match
    no row, and SQLite raises OverflowError on them (Django already does this for `exact`,
    `lt` and `gt`). A choice field of a form posted 99999999999999999999999999 is refused as
    an unknown choice, not answered with a 500."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [value for value in self.rhs if _within(value, low, high)]
        return super().process_rhs(compiler, connection)


def _within(value, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int):
        return True
    return (low is None or value >= low) and (high is None or value <= high)
