"""Migration operations for a model that moves from one app to another.

The table stays where it is (the model keeps its `db_table`); only Django's picture of the
model changes app. Its content type goes with it, so its permissions and its django-auditlog
change history stay attached to it.
"""

from django.db import migrations


def moved_in(*state_operations: migrations.operations.base.Operation):
    """The models (CreateModel, AddConstraint...), as the new app now knows them; their
    tables already exist."""
    return migrations.SeparateDatabaseAndState(state_operations=list(state_operations))


def moved_out(*model_names: str) -> migrations.SeparateDatabaseAndState:
    """The old app forgets the models; their tables stay, owned by the new app."""
    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.DeleteModel(name) for name in model_names]
    )


def retargeted(*alter_fields: migrations.AlterField) -> migrations.SeparateDatabaseAndState:
    """Relations now name the model in its new app; the columns and constraints stay."""
    return migrations.SeparateDatabaseAndState(state_operations=list(alter_fields))


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
