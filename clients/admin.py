from django.contrib import admin

from .models import ClientProfile


@admin.register(ClientProfile)
class ClientProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "phone", "closed_at"]
    list_filter = [("closed_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["closed_at", "closed_by"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
