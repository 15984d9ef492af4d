"""Conversations: members comment on a meeting or a document of their space.

Not Wagtail's comments, which are editors' notes in the admin: these are the
members' own words on the site, shown only inside the space.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path


class Comment(models.Model):
    space = models.ForeignKey(
        "werkgroepen.WorkingGroupPage",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("werkgroep"),
    )
    meeting = models.ForeignKey(
        "werkgroepen.MeetingPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="member_comments",
    )
    document = models.ForeignKey(
        "portal.PortalDocument",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="member_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("geschreven door"),
    )
    text = models.TextField(_("reactie"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False, document__isnull=True)
                | Q(meeting__isnull=True, document__isnull=False),
                name="comment_on_meeting_or_document",
            )
        ]

    def __str__(self):
        return self.text[:60]


class CommentRoutes:
    """The space's pages for comments (mixed into ``WorkingGroupPage``). The threads
    themselves are shown on the meeting page and on the document's page."""

    @path("reacties/vergadering/<int:meeting_id>/", name="comment_add_meeting")
    def comment_add_meeting_route(self, request, meeting_id):
        from werkgroepen.views import comments

        return comments.comment_add_meeting(request, self, meeting_id)

    @path("reacties/document/<int:document_id>/", name="comment_add_document")
    def comment_add_document_route(self, request, document_id):
        from werkgroepen.views import comments

        return comments.comment_add_document(request, self, document_id)

    @path("reacties/<int:comment_id>/aanpassen/", name="comment_edit")
    def comment_edit_route(self, request, comment_id):
        from werkgroepen.views import comments

        return comments.comment_edit(request, self, comment_id)

    @path("reacties/<int:comment_id>/verwijderen/", name="comment_delete")
    def comment_delete_route(self, request, comment_id):
        from werkgroepen.views import comments

        return comments.comment_delete(request, self, comment_id)
