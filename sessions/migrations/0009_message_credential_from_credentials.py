import django.db.models.deletion
from django.db import migrations, models

from clinic.web.moves import retargeted


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_sessions", "0008_services_from_catalogue"),
        ("credentials", "0001_credentials_move_from_therapists"),
    ]

    operations = [
        retargeted(
            migrations.AlterField(
                model_name="message",
                name="credential",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="messages",
                    to="credentials.credential",
                ),
            )
        ),
    ]
