from django.db import models


class PagePasswordFailure(models.Model):
    """Wrong passwords given to one password-protected page from one address, counted by
    ``cms.security.page_passwords`` and cleared by a right one or once the cool-off has
    passed. Kept in the database so that every app server counts the same tries."""

    restriction = models.ForeignKey(
        "wagtailcore.PageViewRestriction", on_delete=models.CASCADE, related_name="+"
    )
    ip_address = models.CharField(max_length=45)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["restriction", "ip_address"], name="one_count_per_page_and_address"
            )
        ]

    def __str__(self):
        return f"{self.failures} wrong passwords for restriction {self.restriction_id} from {self.ip_address}"
