import django.db.models.deletion
from django.db import migrations, models

from clinic.web.moves import retargeted


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_sessions", "0007_credential_messages"),
        ("catalogue", "0001_service_moves_from_clinic"),
    ]

    operations = [
        retargeted(
            migrations.AlterField(
                model_name="appointment",
                name="service",
                field=models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="catalogue.service",
                ),
            )
        ),
        retargeted(
            migrations.AlterField(
                model_name="waitlistentry",
                name="service",
                field=models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="+",
                    to="catalogue.service",
                ),
            )
        ),
    ]
