"""Actions: the follow-up of a decision or of participants' input, with an owner and
a due date."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("te doen")
        IN_PROGRESS = "in_progress", _("bezig")
        DONE = "done", _("klaar")
        DROPPED = "dropped", _("geschrapt")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    space = models.ForeignKey(
        "werkgroepen.WorkingGroupPage",
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("werkgroep"),
    )
    title = models.CharField(_("wat moet er gebeuren?"), max_length=200)
    description = models.TextField(_("uitleg"), blank=True, max_length=2000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("wie doet het?"),
    )
    due_on = models.DateField(_("tegen wanneer?"), null=True, blank=True)
    status = models.CharField(
        _("stand van zaken"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    # Where it comes from: a decision of a meeting (the block's id in its
    # ``decisions``), or an input item.
    meeting = models.ForeignKey(
        "werkgroepen.MeetingPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("beslist op de vergadering"),
    )
    decision_id = models.CharField(max_length=64, blank=True)
    input_item = models.ForeignKey(
        "werkgroepen.InputItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("naar aanleiding van de inbreng"),
    )
    # The due date a reminder went out for (a new date gets a new reminder).
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = [models.F("due_on").asc(nulls_last=True), "pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        """Still open and its due date has passed (the portal's local date)."""
        return bool(self.is_open and self.due_on and self.due_on < timezone.localdate())


class ActionRoutes:
    """The space's pages for actions (mixed into ``WorkingGroupPage``). The views
    import the page models, so they are imported inside the methods."""

    def open_actions(self):
        return Action.objects.filter(
            space=self.original(), status__in=Action.OPEN_STATUSES
        ).select_related("owner")

    @path("acties/", name="actions")
    def actions_route(self, request):
        from werkgroepen.views import actions

        return actions.action_list(request, self)

    @path("acties/nieuw/", name="action_add")
    def action_add_route(self, request):
        from werkgroepen.views import actions

        return actions.action_form(request, self, None)

    @path("acties/<int:action_id>/", name="action_detail")
    def action_detail_route(self, request, action_id):
        from werkgroepen.views import actions

        return actions.action_form(request, self, action_id)
