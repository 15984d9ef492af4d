"""Polls of a space: a question, its options, and who answered.

One answer per member or invitation link is a unique constraint, not a check in a
view. In an anonymous poll the ballot records only *that* someone answered; the
choice is counted on the option (``anonymous_votes``), so no row links a person to
what they chose.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path


class Poll(models.Model):
    space = models.ForeignKey(
        "werkgroepen.WorkingGroupPage",
        on_delete=models.CASCADE,
        related_name="polls",
        verbose_name=_("werkgroep"),
    )
    question = models.CharField(_("vraag"), max_length=300)
    # Names the poll in commands (``manage.py uitnodiging --poll SLUG``); unique in
    # its space, made from the question when the poll is saved.
    slug = models.SlugField(max_length=60, editable=False)
    description = models.TextField(
        _("uitleg"), blank=True, max_length=1000, help_text=_("Korte zinnen. Niet verplicht.")
    )
    opens_at = models.DateTimeField(_("open vanaf"), default=timezone.now)
    closes_at = models.DateTimeField(_("sluit op"))
    is_anonymous = models.BooleanField(
        _("anoniem"),
        default=True,
        help_text=_("Niemand ziet wie wat koos, ook de trekkers niet."),
    )
    results_visible = models.BooleanField(
        _("uitslag tonen voor de peiling sluit"),
        default=False,
        help_text=_("Anders ziet iedereen de uitslag pas als de peiling gesloten is."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("peiling")
        verbose_name_plural = _("peilingen")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="poll_closes_after_opening"
            ),
            models.UniqueConstraint(fields=["space", "slug"], name="unique_poll_slug_per_space"),
        ]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    def _free_slug(self):
        base = slugify(self.question)[:50].strip("-") or "peiling"
        taken = set(
            Poll.objects.filter(space_id=self.space_id, slug__startswith=base).values_list(
                "slug", flat=True
            )
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at

    def shows_results(self, now=None):
        return self.results_visible or self.is_closed(now)


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("antwoord"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)
    # Answers of an anonymous poll are counted here, never linked to a ballot.
    anonymous_votes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("antwoordmogelijkheid")
        verbose_name_plural = _("antwoordmogelijkheden")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.label


class PollBallot(models.Model):
    """That a member or an invitation link answered a poll (and, when the poll is not
    anonymous, what they chose)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    invitation = models.ForeignKey(
        "werkgroepen.Invitation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ballots",
    )
    # Empty in an anonymous poll.
    option = models.ForeignKey(
        PollOption, null=True, blank=True, on_delete=models.CASCADE, related_name="ballots"
    )

    class Meta:
        verbose_name = _("antwoord op een peiling")
        verbose_name_plural = _("antwoorden op peilingen")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "user"], condition=Q(user__isnull=False), name="one_ballot_per_user"
            ),
            models.UniqueConstraint(
                fields=["poll", "invitation"],
                condition=Q(invitation__isnull=False),
                name="one_ballot_per_invitation",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False, invitation__isnull=True)
                | Q(user__isnull=True, invitation__isnull=False),
                name="ballot_from_user_or_invitation",
            ),
        ]

    def __str__(self):
        return f"{self.poll_id}"


class PollRoutes:
    """The space's pages for polls (mixed into ``WorkingGroupPage``)."""

    @path("peilingen/", name="polls")
    def polls_route(self, request):
        from werkgroepen.views import polls

        return polls.poll_list(request, self)

    @path("peilingen/nieuw/", name="poll_add")
    def poll_add_route(self, request):
        from werkgroepen.views import polls

        return polls.poll_add(request, self)

    @path("peilingen/<int:poll_id>/", name="poll_detail")
    def poll_detail_route(self, request, poll_id):
        from werkgroepen.views import polls

        return polls.poll_detail(request, self, poll_id)

    @path("peilingen/<int:poll_id>/sluiten/", name="poll_close")
    def poll_close_route(self, request, poll_id):
        from werkgroepen.views import polls

        return polls.poll_close(request, self, poll_id)
