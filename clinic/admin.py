from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from sessions.models import attendance_counts

from .models import AuditEvent, Service, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "role"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "role",
        "is_active",
        "no_shows",
        "late_cancellations",
        "account_closed",
    ]
    list_filter = [
        "role",
        "is_active",
        "is_staff",
        ("client_profile__closed_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["client_profile"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "role"]}),
        (
            "Access",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**attendance_counts())

    @admin.display(description="No-shows", ordering="no_shows")
    def no_shows(self, user: User) -> int:
        return user.no_shows

    @admin.display(description="Late cancellations", ordering="late_cancellations")
    def late_cancellations(self, user: User) -> int:
        return user.late_cancellations

    @admin.display(description="Account closed", ordering="client_profile__closed_at")
    def account_closed(self, user: User):
        profile = getattr(user, "client_profile", None)
        return profile.closed_at if profile else None


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "duration_minutes", "buffer_minutes", "price", "active"]
    list_filter = ["active"]


class ReadOnlyAdminMixin:
    """For a model admin or an inline that only shows its rows: nobody adds, changes or
    deletes one here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail, to read and search: nobody adds, changes or deletes an event."""

    list_display = ["at", "actor", "action", "record_type", "record_id", "subject", "ip"]
    list_filter = ["action", "record_type"]
    search_fields = [
        "actor__email",
        "actor__last_name",
        "subject__email",
        "subject__last_name",
        "record_id",
    ]
    date_hierarchy = "at"
    list_select_related = ["actor", "subject"]
    show_full_result_count = False


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class ChangeHistoryAdmin(LogEntryAdmin):
    """django-auditlog's change history, read only: not even a cascade may delete it."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
