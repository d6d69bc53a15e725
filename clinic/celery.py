import os

from celery import Celery
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

app = Celery("clinic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(**kwargs) -> None:
    """Treat each task as Django treats a request: drop a connection that is past
    CONN_MAX_AGE or broken, keep a healthy one (see CELERY_DB_REUSE_MAX)."""
    close_old_connections()
