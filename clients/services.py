from django.db import transaction

from clinic.models import Role, User

from .models import ClientProfile


@transaction.atomic
def client_register(
    *, email: str, password: str, first_name: str, last_name: str, phone: str = ""
) -> User:
    user = User.objects.create_user(
        email, password, first_name=first_name, last_name=last_name, role=Role.CLIENT
    )
    ClientProfile.objects.create(user=user, phone=phone)
    return user
