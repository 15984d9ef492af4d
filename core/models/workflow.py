"""Workflow task "Nagelezen door testlezers".

Easy-read pages are read by test readers with lived experience of poverty before they
go live. An editor (or a coordinator) who sat with the test readers records the outcome
in this task; a page whose current text passed it shows the label "Nagelezen door
testlezers" to its visitors.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState


class TestReaderTask(AbstractGroupApprovalTask):
    """A group approval step whose outcome is "the test readers understood it"."""

    __test__ = False  # not a pytest test class, despite its name

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("Testlezers begrepen het niet: aanpassen"), True),
                ("approve", _("Nagelezen door testlezers"), True),
            ]
        return []

    @classmethod
    def get_description(cls):
        return _(
            "Testlezers met ervaring in armoede lezen de tekst. Leden van de gekozen groepen "
            "noteren of zij het begrepen."
        )

    class Meta:
        verbose_name = _("nagelezen door testlezers")
        verbose_name_plural = _("nagelezen door testlezers")


def passed_test_readers(page):
    """The approved test-reader step that covers the page's current text, or ``None``.

    The step covers the text when its revision is at least as new as the last change of
    the text that the test readers read: the easy-read version when the page has one,
    otherwise the page's own text (an ``EasyReadPage``).
    """
    if page is None or not page.pk:
        return None
    if getattr(page, "has_easy_read", False):
        changed_at = page.easy_read_updated_at
    else:
        changed_at = getattr(page, "content_updated_at", None)
    states = (
        TaskState.objects.for_instance(page)
        .filter(task__testreadertask__isnull=False, status=TaskState.STATUS_APPROVED)
        .select_related("revision")
        .order_by("-finished_at")
    )
    if changed_at is not None:
        states = states.filter(revision__created_at__gte=changed_at)
    return states.first()
