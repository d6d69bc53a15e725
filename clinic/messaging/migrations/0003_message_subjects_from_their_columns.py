from django.db import migrations
from django.db.models import F

# Each column that named a message's record, and the model it named.
SUBJECT_COLUMNS = {
    "appointment": ("clinic_sessions", "appointment"),
    "offer": ("waitlist", "waitlistoffer"),
    "credential": ("credentials", "credential"),
}


def _content_type(apps, schema_editor, app_label: str, model: str):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    db = schema_editor.connection.alias
    return content_types.db_manager(db).get_or_create(app_label=app_label, model=model)[0]


def subjects_from_columns(apps, schema_editor) -> None:
    messages = apps.get_model("messaging", "Message").objects.using(schema_editor.connection.alias)
    for column, (app_label, model) in SUBJECT_COLUMNS.items():
        subject_type = _content_type(apps, schema_editor, app_label, model)
        messages.filter(**{f"{column}__isnull": False}).update(
            subject_type=subject_type, subject_id=F(f"{column}_id")
        )


def columns_from_subjects(apps, schema_editor) -> None:
    messages = apps.get_model("messaging", "Message").objects.using(schema_editor.connection.alias)
    for column, (app_label, model) in SUBJECT_COLUMNS.items():
        subject_type = _content_type(apps, schema_editor, app_label, model)
        messages.filter(subject_type=subject_type).update(**{f"{column}_id": F("subject_id")})


class Migration(migrations.Migration):
    dependencies = [("messaging", "0002_message_subject")]

    operations = [migrations.RunPython(subjects_from_columns, columns_from_subjects)]
