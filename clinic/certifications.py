"""The certifications a therapist can hold and a service can require."""

from django.db import models


class Certification(models.TextChoices):
    TRIGGER_POINT = "trigger_point", "Trigger point therapy"
    NEUROMUSCULAR = "neuromuscular", "Neuromuscular therapy"
    MYOFASCIAL_RELEASE = "myofascial_release", "Myofascial release"
    NEURAL_RESET = "neural_reset", "Neural reset therapy"
    DRY_NEEDLING = "dry_needling", "Dry needling"
