"""Booking's changes that cost a fee: booking decides what is late or missed, billing
charges (fees.py). Each runs inside the transaction of the change."""

from django.dispatch import receiver

from sessions.signals import (
    appointment_cancelled,
    appointment_missed,
    appointment_missed_undone,
    appointment_moved_late,
)

from .fees import late_change_fee_charge, no_show_fee_charge, no_show_fee_credit


@receiver(appointment_cancelled, dispatch_uid="billing.charge_late_cancellation")
def charge_late_cancellation(sender, *, appointment, by, late, now, **kwargs) -> None:
    if late:
        late_change_fee_charge(appointment=appointment, by=by, now=now)


@receiver(appointment_moved_late, dispatch_uid="billing.charge_late_reschedule")
def charge_late_reschedule(sender, *, appointment, by, original_start, now, **kwargs) -> None:
    late_change_fee_charge(appointment=appointment, by=by, now=now, moved_from=original_start)


@receiver(appointment_missed, dispatch_uid="billing.charge_no_show")
def charge_no_show(sender, *, appointment, by, now, **kwargs) -> None:
    no_show_fee_charge(appointment=appointment, by=by, now=now)


@receiver(appointment_missed_undone, dispatch_uid="billing.credit_no_show")
def credit_no_show(sender, *, appointment, by, now, **kwargs) -> None:
    no_show_fee_credit(appointment=appointment, by=by, now=now)
