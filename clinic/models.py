from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .certifications import Certification


class Role(models.TextChoices):
    CLIENT = "client", "Client"
    THERAPIST = "therapist", "Therapist"
    ADMIN = "admin", "Clinic admin"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(role=Role.ADMIN, is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: a client, a therapist or a clinic admin. Email is the login."""

    email = models.EmailField("email address", unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CLIENT)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Whether the user can sign in to the Django admin."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def is_therapist(self) -> bool:
        return self.role == Role.THERAPIST

    @property
    def is_clinic_admin(self) -> bool:
        return self.role == Role.ADMIN


class ServiceQuerySet(models.QuerySet):
    def active(self) -> "ServiceQuerySet":
        return self.filter(active=True)


class Service(models.Model):
    """Something the clinic sells: a session of a given length."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    duration_minutes = models.PositiveSmallIntegerField()
    buffer_minutes = models.PositiveSmallIntegerField(
        default=0, help_text="Time kept free after the session, for notes and the room."
    )
    price = models.DecimalField(max_digits=8, decimal_places=2)
    active = models.BooleanField(default=True)
    required_certification = models.CharField(
        max_length=32,
        choices=Certification.choices,
        blank=True,
        help_text="Only therapists holding this certification, verified and unexpired, "
        "offer the service.",
    )

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "duration_minutes"]
        constraints = [
            models.UniqueConstraint(fields=["name", "duration_minutes"], name="service_unique"),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="service_duration_range",
            ),
            models.CheckConstraint(
                condition=models.Q(buffer_minutes__lte=240), name="service_buffer_range"
            ),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="service_price_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.duration_minutes} min)"


class AuditTrailIsAppendOnly(Exception):
    """An audit event was to be changed or deleted: the trail only ever grows."""

    def __init__(self) -> None:
        super().__init__("Audit events are never changed or deleted.")


class AuditEventQuerySet(models.QuerySet):
    """Adds and reads only: bulk updates and deletes are refused (as is a row's save() of an
    existing event, its delete(), and, in the database, every UPDATE by a trigger)."""

    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly

    def delete(self):
        raise AuditTrailIsAppendOnly

    def _raw_delete(self, using):
        raise AuditTrailIsAppendOnly


class AuditEvent(models.Model):
    """Who did what to which record, when and from where. Rows are only ever added."""

    class Action(models.TextChoices):
        READ = "read", "Read"
        CREATE = "create", "Create"
        CHANGE = "change", "Change"
        SIGN = "sign", "Sign"
        EXPORT = "export", "Export"
        DELETE = "delete", "Delete"
        SIGN_IN = "sign_in", "Sign-in"
        SIGN_OUT = "sign_out", "Sign-out"
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
        LOCKOUT = "lockout", "Lockout"

    # PROTECT: a person who appears in the trail is deactivated, never deleted.
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=40)
    subject = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The person the record is about: the client, or the account signing in.",
    )
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="audit_record")]

    def __str__(self) -> str:
        record = f"{self.record_type} {self.record_id}"
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {record}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly
