from django import forms
from django.contrib import admin

from .credentials.admin import CredentialInline
from .models import Modality, Therapist, TimeOff, WorkingHours
from .signals import calendar_changed


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 0


class TherapistForm(forms.ModelForm):
    modalities = forms.MultipleChoiceField(
        choices=Modality.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Therapist
        fields = [
            "user",
            "display_name",
            "bio",
            "modalities",
            "years_of_practice",
            "services",
            "booking_emails",
        ]


@admin.register(Therapist)
class TherapistAdmin(admin.ModelAdmin):
    form = TherapistForm
    list_display = ["display_name", "user", "years_of_practice"]
    search_fields = ["display_name", "user__email"]
    filter_horizontal = ["services"]
    inlines = [WorkingHoursInline, TimeOffInline, CredentialInline]

    def save_related(self, request, form, formsets, change) -> None:
        """New hours or removed time off may free time that clients on the waitlist want."""
        super().save_related(request, form, formsets, change)
        hours_changed = any(
            formset.model in (WorkingHours, TimeOff) and formset.has_changed()
            for formset in formsets
        )
        if change and hours_changed:
            calendar_changed.send(sender=Therapist, therapist_id=form.instance.pk)
