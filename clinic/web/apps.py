from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "clinic.web"
    label = "web"

    def ready(self) -> None:
        from django import forms
        from django.db.models import ForeignKey, IntegerField
        from rest_framework import serializers

        from .lookups import ForeignKeyExact, ForeignKeyIn, IntegerIn
        from .validators import validate_no_nul, validate_sane_date

        IntegerField.register_lookup(IntegerIn)
        ForeignKey.register_lookup(ForeignKeyExact)
        ForeignKey.register_lookup(ForeignKeyIn)

        # Every date, datetime and JSON field of every form, model form, admin form and
        # serializer checks these first, so no page or API view sees the year 9999 or a NUL
        # inside a JSON document. (Text fields of both already refuse a NUL.)
        checks = {
            forms.DateField: validate_sane_date,
            forms.DateTimeField: validate_sane_date,
            serializers.DateField: validate_sane_date,
            serializers.DateTimeField: validate_sane_date,
            forms.JSONField: validate_no_nul,
            serializers.JSONField: validate_no_nul,
        }
        for field, check in checks.items():
            if check not in field.default_validators:
                field.default_validators = [*field.default_validators, check]
