"""What happens to accounts that apps above may act on (the audit trail records each)."""

from django.dispatch import Signal

# An API token was handed out for a sign-in: `request`, `user`.
signed_in_with_token = Signal()
# A wrong one-time code was given for two-step sign-in: `request`, `user`.
second_factor_refused = Signal()
# A client turned two-step sign-in off: `user`, `ip`.
second_factor_turned_off = Signal()
