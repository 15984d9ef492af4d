"""The site's content version, in the database: one row every process reads. Not
shown to editors anywhere."""

from django.db import models


class ContentVersion(models.Model):
    """One row (pk 1) whose ``token`` changes, to a new random value, whenever content
    anyone may see changes (``core.cache``). Random, not counted: a version rolled
    back with its transaction is never handed out again."""

    token = models.BigIntegerField()

    def __str__(self):
        return str(self.token)
