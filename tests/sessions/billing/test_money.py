"""A line's tax and total: rounded to the cent once, on the line's net amount, halves up."""

from decimal import Decimal

import pytest

from clinic.catalogue.money import line_amounts


@pytest.mark.parametrize(
    ("quantity", "unit_price", "tax_rate", "tax", "total"),
    [
        (1, "110.00", "13", "14.30", "124.30"),
        (1, "99.99", "13", "13.00", "112.99"),  # 12.9987
        (5, "19.99", "13", "12.99", "112.94"),  # 99.95 net, 12.9935 tax
        (1, "0.05", "10", "0.01", "0.06"),  # 0.005: the half goes up
        (1, "110.00", "0", "0.00", "110.00"),
        (-1, "110.00", "13", "-14.30", "-124.30"),  # a credit mirrors its invoice
    ],
)
def test_line_amounts_on_known_values(quantity, unit_price, tax_rate, tax, total):
    amounts = line_amounts(
        quantity=quantity, unit_price=Decimal(unit_price), tax_rate=Decimal(tax_rate)
    )

    assert amounts == {"tax": Decimal(tax), "total": Decimal(total)}
