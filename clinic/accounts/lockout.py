"""The sign-in lockout's two limits: one account from one address (AXES_FAILURE_LIMIT), and
one address over every account (SIGN_IN_ADDRESS_FAILURE_LIMIT), so that one password tried
over many accounts from one address is stopped too."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class SignInLockoutHandler(AxesDatabaseHandler):
    """Axes's database handler, its lockout parameters read as [account and address, address]."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        failures = [
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        account, address = failures[0], max(failures[1:], default=0)
        if address >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            return max(account, settings.AXES_FAILURE_LIMIT)
        return account

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """A sign-in forgets only its own account's failures from that address: the
        address's failures on other accounts still count."""
        account_attempts = self.filter_user_attempts(request, credentials)[0]
        deleted, _ = account_attempts.delete()
        return deleted
