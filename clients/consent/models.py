from django.db import models


class ConsentKind(models.TextChoices):
    TREATMENT = "treatment", "Consent to treatment"
    PRIVACY = "privacy", "Privacy notice"


class ConsentDocumentQuerySet(models.QuerySet):
    def current(self, kind: str) -> "ConsentDocument | None":
        """The latest version of a kind, the one clients are asked to agree to now."""
        return self.filter(kind=kind).order_by("-version").first()

    def latest_of_each_kind(self) -> "ConsentDocumentQuerySet":
        newest = self.model.objects.filter(kind=models.OuterRef("kind")).order_by("-version")
        return self.filter(pk=models.Subquery(newest.values("pk")[:1]))


class ConsentDocument(models.Model):
    """One published version of a consent text. Clients agree to a version, so a version
    is never changed: new wording is published as the next version."""

    kind = models.CharField(max_length=16, choices=ConsentKind.choices)
    version = models.PositiveIntegerField()
    text = models.TextField(
        help_text="Plain text; a blank line starts a new paragraph.",
    )
    published_at = models.DateTimeField()

    objects = ConsentDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="consent_version_unique"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="consent_version_min"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, version {self.version}"
