from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("messaging", "0003_message_subjects_from_their_columns")]

    operations = [
        migrations.RemoveField(model_name="message", name="appointment"),
        migrations.RemoveField(model_name="message", name="offer"),
        migrations.RemoveField(model_name="message", name="credential"),
    ]
