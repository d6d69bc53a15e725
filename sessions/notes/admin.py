from django.contrib import admin

from clinic.web.admin import ReadOnlyAdminMixin, ReadOnlyInline

from .models import NoteAddendum, SessionNote, TreatedPoint


class TreatedPointInline(ReadOnlyInline):
    model = TreatedPoint


class AddendumInline(ReadOnlyInline):
    model = NoteAddendum


@admin.register(SessionNote)
class SessionNoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Notes are written and signed on the therapist's pages; the admin only shows them."""

    list_display = ["appointment", "author", "status", "signed_at"]
    list_filter = ["status"]
    list_select_related = ["appointment__therapist", "appointment__service", "author"]
    inlines = [TreatedPointInline, AddendumInline]
