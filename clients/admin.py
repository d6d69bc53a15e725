from django.contrib import admin

from clinic.accounts.admin import UserAdmin
from clinic.accounts.models import User
from sessions.models import attendance_counts

from .models import ClientProfile


@admin.register(ClientProfile)
class ClientProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "phone", "closed_at"]
    list_filter = [("closed_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["closed_at", "closed_by"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]


# The accounts' admin, with what the clinic knows of each client: missed sessions and
# whether the account was closed.
admin.site.unregister(User)


@admin.register(User)
class ClientAccountAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "no_shows", "late_cancellations", "account_closed"]
    list_filter = [
        *UserAdmin.list_filter,
        ("client_profile__closed_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["client_profile"]

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
