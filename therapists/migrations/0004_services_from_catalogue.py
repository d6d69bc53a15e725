from django.db import migrations, models

from clinic.web.moves import retargeted


class Migration(migrations.Migration):
    dependencies = [
        ("therapists", "0003_lock_credential_events"),
        ("catalogue", "0001_service_moves_from_clinic"),
    ]

    operations = [
        retargeted(
            migrations.AlterField(
                model_name="therapist",
                name="services",
                field=models.ManyToManyField(
                    blank=True, related_name="therapists", to="catalogue.service"
                ),
            )
        ),
    ]
