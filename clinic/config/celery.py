import os

from celery import Celery
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.config.settings")

app = Celery("clinic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(sender=None, **kwargs) -> None:
    """Treat each task as Django treats a request: drop a connection that is past
    CONN_MAX_AGE or broken, keep a healthy one (see CELERY_DB_REUSE_MAX).

    Not for a task run eagerly, in the caller's process: that is the caller's connection,
    perhaps inside its transaction (a test's, say)."""
    if not getattr(getattr(sender, "request", None), "is_eager", False):
        close_old_connections()
