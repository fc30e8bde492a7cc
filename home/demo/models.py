from django.db import models


class LoadedDemoItem(models.Model):
    """A piece of demo content ``load_demo_content`` has made once: a page (by slug), an
    image or document (by key), a region or an employer (by name).

    The loader makes only what is missing and not recorded here, so running it again (as
    every ``make run`` does) never brings back what an editor has deleted, while demo
    content added to the code later still arrives."""

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=255)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="demo_loaded_item_unique")]

    def __str__(self):
        return f"{self.kind} {self.key}"
