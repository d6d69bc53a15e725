"""What happens to appointments that apps above booking may act on."""

from django.dispatch import Signal

# A therapist's booked time was freed: `therapist_id`, `span` (start, end) and `now`. Sent
# inside the transaction of the cancellation, move or declined request that freed it.
time_freed = Signal()
