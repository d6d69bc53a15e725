"""What happens to therapists that apps above may act on."""

from django.dispatch import Signal

# A therapist's working hours or time off changed (`therapist_id`): time may have freed up.
calendar_changed = Signal()
