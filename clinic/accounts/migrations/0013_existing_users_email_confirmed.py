"""Everyone who had an account before email confirmation counts as confirmed: they signed up,
or the clinic added them, when no confirmation was asked for."""

from django.db import migrations
from django.db.models import F


def confirm_existing(apps, schema_editor):
    User = apps.get_model("clinic", "User")
    User.objects.filter(email_confirmed_at=None).update(email_confirmed_at=F("date_joined"))


def unconfirm_all(apps, schema_editor):
    User = apps.get_model("clinic", "User")
    User.objects.update(email_confirmed_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0012_user_email_confirmed_at"),
    ]

    operations = [
        migrations.RunPython(confirm_existing, unconfirm_all),
    ]
