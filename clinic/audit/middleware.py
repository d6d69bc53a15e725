"""Who made each change that django-auditlog records, and from where."""

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from clinic.web.requests import client_ip


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """django-auditlog's middleware, with the actor read when a change is logged (so an API
    call's token user counts, set by the view after this runs) and the address the server
    saw rather than a client-supplied X-Forwarded-For."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_ip(request)

    @staticmethod
    def _get_actor(request: HttpRequest):
        return SimpleLazyObject(lambda: request.user)
