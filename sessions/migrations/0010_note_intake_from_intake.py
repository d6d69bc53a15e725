import django.db.models.deletion
from django.db import migrations, models

from clinic.web.moves import retargeted


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_sessions", "0009_message_credential_from_credentials"),
        ("intake", "0001_intakes_move_from_clients"),
    ]

    operations = [
        retargeted(
            migrations.AlterField(
                model_name="sessionnote",
                name="intake",
                field=models.ForeignKey(
                    blank=True,
                    help_text="The intake version that was current when the note was written.",
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="notes",
                    to="intake.intake",
                ),
            )
        ),
    ]
