from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    """What the clinic sells: its services, and the certifications a service may require."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "clinic.catalogue"
    label = "catalogue"
    verbose_name = "Services"
