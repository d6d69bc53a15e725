import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A message names the record it is about in any app (an appointment, a waitlist
    offer, a credential...), instead of a column per kind of record."""

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("messaging", "0001_message_moves_from_sessions"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="subject_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="message",
            name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RenameField(
            model_name="message", old_name="appointment_start", new_name="subject_time"
        ),
        migrations.AlterField(
            model_name="message", name="kind", field=models.CharField(max_length=16)
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(fields=["subject_type", "subject_id"], name="message_subject"),
        ),
    ]
