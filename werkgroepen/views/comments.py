"""The space's pages for comments: add (on a meeting or a document), edit, delete.

Everything changes through POST (with Django's CSRF check) and then goes back to the
thread. A meeting, document or comment of another space is a 404, whoever asks; a
trashed document takes no comments. Only the author edits a comment; the author and
the space's leads delete it, after a confirmation page.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from access.privacy import viewable_pages
from werkgroepen import comments as ops
from werkgroepen.forms import CommentForm
from werkgroepen.models import Comment, MeetingPage
from werkgroepen.views.access import space_view


def _meeting_or_404(request, space, meeting_id):
    queryset = MeetingPage.objects.child_of(space).live().filter(pk=meeting_id)
    meeting = viewable_pages(request.user, queryset).first()
    if meeting is None:
        raise Http404
    return meeting


def _document_or_404(request, space, document_id):
    document = get_object_or_404(space.documents(request.user), pk=document_id)
    if not ops.is_open(document):
        raise Http404
    return document


def _comment_or_404(request, space, comment_id):
    """A comment of this space whose meeting or document the visitor may open."""
    comment = get_object_or_404(
        Comment.objects.select_related("meeting", "document", "author"),
        pk=comment_id,
        space=ops.thread_space(space),
    )
    if comment.document_id:
        _document_or_404(request, space, comment.document_id)
    elif not viewable_pages(
        request.user, MeetingPage.objects.filter(pk=comment.meeting_id)
    ).exists():
        raise Http404
    return comment


def _context(space, comment=None, *, on_document=False, **extra):
    on_document = on_document or (comment is not None and bool(comment.document_id))
    return {
        "page": space,
        "space": space,
        "space_section": "documents" if on_document else "meetings",
        "comment": comment,
        **extra,
    }


def _not_allowed(request, space, comment, back, deleting=False):
    context = _context(space, comment, deleting=deleting, back=back)
    return render(request, "werkgroepen/comments/not_allowed.html", context, status=403)


def _where(comment):
    return comment.meeting.title if comment.meeting_id else comment.document.title


def _add(request, space, *, meeting=None, document=None):
    target = meeting if meeting is not None else document
    back = (
        meeting.url
        if meeting is not None
        else space.url + space.reverse_subpage("document_detail", args=[document.pk])
    ) + "#comments"
    if request.method != "POST":
        return redirect(back)
    form = CommentForm(request.POST)
    if form.is_valid():
        ops.add(space, request.user, form.cleaned_data["text"], meeting=meeting, document=document)
        messages.success(request, _("Je reactie staat erbij."))
        return redirect(back)
    # Nothing typed is lost: the form comes back with the text and the message.
    return render(
        request,
        "werkgroepen/comments/form.html",
        {
            **_context(space, on_document=document is not None),
            "form": form,
            "heading": _("Reageren op '%(title)s'") % {"title": target.title},
            "back": back,
        },
        status=400,
    )


@space_view()
def comment_add_meeting(request, space, meeting_id):
    return _add(request, space, meeting=_meeting_or_404(request, space, meeting_id))


@space_view()
def comment_add_document(request, space, document_id):
    return _add(request, space, document=_document_or_404(request, space, document_id))


@space_view()
def comment_edit(request, space, comment_id):
    comment = _comment_or_404(request, space, comment_id)
    back = ops.thread_url(comment, space)
    if not ops.may_edit(comment, request.user):
        return _not_allowed(request, space, comment, back)
    form = CommentForm(initial={"text": comment.text})
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            ops.edit(comment, space, form.cleaned_data["text"])
            messages.success(request, _("Je reactie is aangepast."))
            return redirect(back)
    return render(
        request,
        "werkgroepen/comments/form.html",
        {
            **_context(space, comment),
            "form": form,
            "heading": _("Je reactie aanpassen"),
            "where": _where(comment),
            "back": back,
        },
        status=400 if form.is_bound else 200,
    )


@space_view()
def comment_delete(request, space, comment_id):
    comment = _comment_or_404(request, space, comment_id)
    back = ops.thread_url(comment, space)
    if not ops.may_delete(comment, request.user, space):
        return _not_allowed(request, space, comment, back, deleting=True)
    if request.method == "POST":
        ops.delete(comment)
        messages.success(request, _("De reactie is verwijderd."))
        return redirect(back)
    return render(
        request,
        "werkgroepen/comments/delete.html",
        {
            **_context(space, comment),
            "html": ops.render_text(comment.text),
            "author": ops.author_name(comment.author),
            "own": comment.author_id == request.user.pk,
            "where": _where(comment),
            "back": back,
        },
    )
