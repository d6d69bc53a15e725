from django.apps import AppConfig


class BodymapConfig(AppConfig):
    """The body map: regions, sides and qualities of pain, their drawing, the muscles and
    their referral patterns, the pain chart and the muscles it suggests examining."""

    name = "clinic.bodymap"
    label = "bodymap"
    verbose_name = "Body map"
