"""What happens to appointments that apps above booking may act on."""

from django.dispatch import Signal

# A therapist's booked time was freed: `therapist_id`, `span` (start, end) and `now`. Sent
# inside the transaction of the cancellation, move or declined request that freed it.
time_freed = Signal()

# A session was booked (or its request approved), or moved: `appointment` and `now`. Sent
# in the booking's transaction, after booking planned its own messages, so the apps that
# follow a session up plan theirs at its current time.
appointment_booked = Signal()
appointment_moved = Signal()
