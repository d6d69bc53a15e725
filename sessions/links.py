"""The front desk's pages, which belong to sessions.desk, an app above this one that owns
/desk/. The pages that send people there name them here once, by path."""

# The clinic's calendar: where the desk and admins see every therapist's day.
DESK_CALENDAR = "/desk/"
# Booking a session for a client, under every booking rule.
DESK_BOOKING = "/desk/book/"
# Finding and adding clients.
DESK_CLIENTS = "/desk/clients/"
