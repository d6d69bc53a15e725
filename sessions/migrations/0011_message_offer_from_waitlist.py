import django.db.models.deletion
from django.db import migrations, models

from clinic.web.moves import retargeted


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_sessions", "0010_note_intake_from_intake"),
        ("waitlist", "0001_waitlist_moves_from_sessions"),
    ]

    operations = [
        retargeted(
            migrations.AlterField(
                model_name="message",
                name="offer",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="messages",
                    to="waitlist.waitlistoffer",
                ),
            )
        ),
    ]
