from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo clinic that `manage.py seed_demo` sets up."""

    name = "clinic.demo"
    label = "demo"
    verbose_name = "Demo"
