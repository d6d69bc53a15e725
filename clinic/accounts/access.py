"""Who may read and do what: every access rule of the clinic is named here.

Pages ask through `access_required`, the API through the permission classes below, and
services through the predicates themselves; none compares roles on its own. The rules
about a client's records follow a relation the booking app adds to the user
(`appointments`): it is followed by name, through the ORM, so this module imports nothing
from the apps above it.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.views.decorators.http import require_http_methods
from rest_framework.permissions import BasePermission

from .models import Role

# Clinic admins, and superusers, who may do all an admin does.
ADMINS = Q(role=Role.ADMIN) | Q(is_superuser=True)


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_clinic_admin


def is_therapist(user) -> bool:
    return user.is_authenticated and user.is_therapist


def is_client(user) -> bool:
    return user.is_authenticated and user.is_client


def runs_front_desk(user) -> bool:
    """The front desk, and admins: who run the clinic's calendar, book, move, cancel and
    check in any client's sessions and keep clients' contact details. Never, by this alone,
    a reader of clinical records."""
    return user.is_authenticated and (user.is_front_desk or user.is_clinic_admin)


def reads_invoices(user) -> bool:
    """Clients read their own invoices and receipts; the desk and admins any client's."""
    return is_client(user) or runs_front_desk(user)


def looks_up_clients(user) -> bool:
    """The desk and admins find any client; a therapist their own clients (see
    `treats_client`): contact details only, never a clinical record."""
    return runs_front_desk(user) or is_therapist(user)


def books_sessions(user) -> bool:
    """Clients book for themselves; the desk and admins for any client."""
    return is_client(user) or runs_front_desk(user)


def is_clinic_staff(user) -> bool:
    """Therapists, the front desk, clinic admins and anyone who may open the Django admin:
    those who sign in in two steps and are signed out when idle."""
    staff_roles = (Role.THERAPIST, Role.DESK, Role.ADMIN)
    return user.role in staff_roles or user.is_staff or user.is_superuser


def therapist_of(user):
    """The signed-in therapist's profile, or None for anyone else."""
    return getattr(user, "therapist", None) if is_therapist(user) else None


def has_therapist_profile(user) -> bool:
    """A therapist whose profile the clinic has set up: their own pages are theirs."""
    return therapist_of(user) is not None


def treats_client(user, client_id: int) -> bool:
    """A therapist booked with the client, now or before (any session not cancelled)."""
    if not is_therapist(user):
        return False
    appointments = get_user_model().appointments.rel.related_model.objects
    # `client__pk`, not `client`: a pk lookup finds nothing for an id past the database's
    # integers, where a relation's lookup would fail.
    return appointments.live().filter(client__pk=client_id, therapist__user=user).exists()


def may_read_client_records(user, client_id: int) -> bool:
    """The client, admins, and the client's therapists read the client's clinical records
    (intakes, pain charts, notes, outcomes)."""
    if not user.is_authenticated:
        return False
    return user.pk == client_id or is_admin(user) or treats_client(user, client_id)


def reads_clinic_calendar(user) -> bool:
    """The desk and admins read the whole clinic's calendar; a therapist with a profile reads
    their own column of it. Times, clients and services only: no clinical record."""
    return runs_front_desk(user) or has_therapist_profile(user)


def is_care_staff(user) -> bool:
    """Therapists and admins: who record on the client records they may read."""
    return is_therapist(user) or is_admin(user)


def may_act_on_client_records(user, client_id: int) -> bool:
    """The client's therapists and admins record on a client's records (a clearance, an
    addendum); the client reads them."""
    return is_care_staff(user) and may_read_client_records(user, client_id)


def may_export_record(user, client_id: int) -> bool:
    """A copy of a client's whole record goes to the client, or to an admin."""
    return user.is_authenticated and (user.pk == client_id or is_admin(user))


def _client_or_404(allowed: bool, client_id: int):
    """The client, if allowed and they exist; a 404 otherwise, the same either way, so
    nobody learns whether someone else's record exists."""
    client = None
    if allowed:
        client = get_user_model().objects.filter(pk=client_id, role=Role.CLIENT).first()
    if client is None:
        raise Http404("No such client.")
    return client


def readable_client(request, client_id: int):
    """The client whose records the caller may read; a 404 otherwise."""
    return _client_or_404(may_read_client_records(request.user, client_id), client_id)


def exportable_client(request, client_id: int):
    """The client whose whole record the caller may take a copy of; a 404 otherwise."""
    return _client_or_404(may_export_record(request.user, client_id), client_id)


# Pages


def access_required(
    admits: Callable[[object], bool], refusal: str, *, methods: list[str] | None = None
):
    """A page for the users `admits` lets in: the anonymous are sent to sign in; then a
    method not in `methods` (when given) is a 405; then anyone else gets a 403 that says
    `refusal`."""

    def decorator(view):
        def checked(request, *args, **kwargs):
            if not admits(request.user):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        if methods is not None:
            checked = require_http_methods(methods)(checked)
        return wraps(view)(login_required(checked))

    return decorator


# The API


def permission(admits: Callable[[object], bool], refusal: str) -> type[BasePermission]:
    """A DRF permission class for the users `admits` lets in (401 for the anonymous)."""

    class Admits(BasePermission):
        message = refusal

        def has_permission(self, request, view) -> bool:
            return admits(request.user)

    return Admits


class ClientRecordsReadable(BasePermission):
    """For the routes under /clients/<client_id>/: a 404 unless the caller may read that
    client's records."""

    def has_permission(self, request, view) -> bool:
        if not request.user.is_authenticated:
            return False
        readable_client(request, view.kwargs["client_id"])
        return True
