"""Who may read and do what: every access rule of the clinic is named here.

Pages and the API ask these predicates rather than comparing roles themselves. The rules
about a client's records follow relations that the booking apps add to the user
(`appointments`); they are followed by name, through the ORM, so this module imports
nothing from the apps above it.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404

from .models import Role

# Clinic admins, and superusers, who may do everything an admin may.
ADMINS = Q(role=Role.ADMIN) | Q(is_superuser=True)


def is_admin(user) -> bool:
    return user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser)


def is_therapist(user) -> bool:
    return user.is_authenticated and user.role == Role.THERAPIST


def is_client(user) -> bool:
    return user.is_authenticated and user.role == Role.CLIENT


def is_clinic_staff(user) -> bool:
    """Therapists, clinic admins and anyone who may open the Django admin: those who sign
    in in two steps and are signed out when idle."""
    return user.role in (Role.THERAPIST, Role.ADMIN) or user.is_staff or user.is_superuser


def treats_client(user, client_id: int) -> bool:
    """A therapist booked with the client, now or before (any session not cancelled)."""
    if not is_therapist(user):
        return False
    client_appointments = get_user_model()(pk=client_id).appointments  # no query for the client
    return client_appointments.live().filter(therapist__user=user).exists()


def may_read_client_records(user, client_id: int) -> bool:
    """The client, admins, and the client's therapists read the client's clinical records
    (intakes, pain charts, notes, outcomes)."""
    if not user.is_authenticated:
        return False
    return user.pk == client_id or is_admin(user) or treats_client(user, client_id)


def readable_client(request, client_id: int) -> None:
    """404 unless the client exists and the caller may read their records (the same answer
    either way, so nobody learns whether someone else's record exists)."""
    readable = may_read_client_records(request.user, client_id)
    if not readable or not get_user_model().objects.filter(pk=client_id, role=Role.CLIENT).exists():
        raise Http404("No such client.")
