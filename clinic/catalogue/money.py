"""The clinic's one rule of rounding money: what a price, a fee or an invoice line comes to.
Billing issues invoices with it and booking shows prices and fees with it, so a client is
shown before booking exactly what they are later invoiced."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(amount: Decimal) -> Decimal:
    """Rounded to the cent, halves away from zero, as a receipt shows it."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def line_amounts(*, quantity: int, unit_price: Decimal, tax_rate: Decimal) -> dict:
    """A line's tax and total: the tax is rounded once, on the line's net amount."""
    net = unit_price * quantity
    tax = money(net * tax_rate / 100)
    return {"tax": tax, "total": money(net) + tax}


def percent_of(amount: Decimal, percent: int) -> Decimal:
    """A share of a price (a fee's unit price), rounded to the cent."""
    return money(amount * percent / 100)


def with_tax(unit_price: Decimal, tax_rate: Decimal) -> Decimal:
    """What one of something costs, its tax included: an invoice line's total."""
    return line_amounts(quantity=1, unit_price=unit_price, tax_rate=tax_rate)["total"]


def amount_text(amount: Decimal, currency: str) -> str:
    """An amount as clients read it: `CAD 107.35`."""
    return f"{currency} {money(amount)}"


def percent_text(rate: Decimal) -> str:
    """A rate without needless decimals: `13%`, `12.5%`."""
    return f"{rate.normalize():f}%"
