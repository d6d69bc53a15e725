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

# A session was cancelled: `appointment`, `by`, `late` (a late change the client answers for:
# cancelled inside the free-cancellation window by the client, or by the desk charging them)
# and `now`. Sent inside the cancellation's transaction.
appointment_cancelled = Signal()

# A client moved their session inside the free-cancellation window before its original time:
# `appointment` (at its new time), `by`, `original_start` and `now`. Sent inside the move's
# transaction.
appointment_moved_late = Signal()

# A session's outcome became a no-show (`appointment_missed`), or a no-show was changed back
# to completed (`appointment_missed_undone`): `appointment`, `by` and `now`. Sent inside the
# transaction that records the outcome.
appointment_missed = Signal()
appointment_missed_undone = Signal()
