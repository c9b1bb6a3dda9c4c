from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """When a periodic job last ran, and which worker holds it now.

    The row is the lock shared by every worker on every machine: a worker runs the job
    only after an UPDATE that moved `held_until` into the future matched the row.
    """

    name = models.CharField(_("nome"), max_length=50, primary_key=True)
    held_until = models.DateTimeField(_("in corso fino a"), null=True, blank=True)
    holder = models.CharField(_("eseguito da"), max_length=64, blank=True)
    last_finished_at = models.DateTimeField(_("ultima esecuzione"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lavoro periodico")
        verbose_name_plural = _("lavori periodici")

    def __str__(self) -> str:
        return self.name
