"""The erasure register: which erasures were made, without saying of whom.

A row holds keyed hashes (HMAC-SHA256 with a key derived from ``SECRET_KEY``) of the
erased account's user name and e-mail address, never the identifiers themselves: with
the register alone nobody learns who asked. After a restore of an older backup the
portal hashes every account's identifiers the same way and erases the accounts that
match again (``personaldata.register``). Rows are kept as long as backups that hold
the person may exist; docs/privacy.md says how long.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Erasure(models.Model):
    erased_at = models.DateTimeField(_("gewist op"), auto_now_add=True)
    # The account's number (not a foreign key: it is kept, anonymised, but the
    # register must not depend on that). Empty for a participant without an account.
    user_id = models.BigIntegerField(_("accountnummer"), null=True, blank=True)
    username_hash = models.CharField(max_length=64, blank=True, db_index=True)
    email_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # A participant without an account: the numbers of their invitation links.
    invitation_ids = models.JSONField(default=list, blank=True)
    removed_input = models.BooleanField(_("ook inbreng verwijderd"), default=False)

    class Meta:
        verbose_name = _("wissing")
        verbose_name_plural = _("wissingen")
        ordering = ["-erased_at", "-pk"]

    def __str__(self):
        if self.user_id:
            return f"Account {self.user_id} ({self.erased_at:%Y-%m-%d})"
        return f"Deelnemer ({self.erased_at:%Y-%m-%d})"
