"""Migration operations for a model that moves from one app to another.

The table stays where it is (the model keeps its `db_table`); only Django's picture of the
model changes app. Its content type goes with it, so its permissions and its django-auditlog
change history stay attached to it.
"""

from django.db import migrations


def moved_in(create_model: migrations.CreateModel) -> migrations.SeparateDatabaseAndState:
    """The model, as the new app now knows it; its table already exists."""
    return migrations.SeparateDatabaseAndState(state_operations=[create_model])


def moved_out(model_name: str) -> migrations.SeparateDatabaseAndState:
    """The old app forgets the model; its table stays, owned by the new app."""
    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.DeleteModel(model_name)]
    )


def retargeted(alter_field: migrations.AlterField) -> migrations.SeparateDatabaseAndState:
    """A relation now names the model in its new app; the column and its constraint stay."""
    return migrations.SeparateDatabaseAndState(state_operations=[alter_field])


def content_type_follows(model_name: str, *, from_app: str, to_app: str) -> migrations.RunPython:
    model = model_name.lower()

    def relabel(source: str, target: str):
        def run(apps, schema_editor) -> None:
            content_types = apps.get_model("contenttypes", "ContentType").objects.using(
                schema_editor.connection.alias
            )
            moving = content_types.filter(app_label=source, model=model)
            if moving.exists():
                # A type made meanwhile for the target (by a migrate that ran in between)
                # holds only its default permissions: the moving one, with its history, wins.
                content_types.filter(app_label=target, model=model).delete()
                moving.update(app_label=target)

        return run

    return migrations.RunPython(relabel(from_app, to_app), relabel(to_app, from_app))
