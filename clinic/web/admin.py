"""What the Django admin's pages share."""

from django.contrib import admin


class ReadOnlyAdminMixin:
    """For a model admin or an inline that only shows its rows: nobody adds, changes or
    deletes one here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
