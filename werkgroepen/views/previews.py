"""Reading a space's document in the browser: the viewer page and the PDF it shows.

Both start from ``space.documents(user)`` (``access.privacy.viewable_documents``:
the space's own collection, what this user may download, nothing in the trash), so a
document of another space, one in the trash, or one that does not exist are the same
404. The space's view restriction and ``space_view`` come first: an anonymous visitor
is asked to log in, a logged-in outsider gets the space's refusal, as on every other
page of the space. Every response is private and never stored.
"""

from django.http import FileResponse, Http404
from django.shortcuts import render

from werkgroepen import accesslog, previews
from werkgroepen.documents import title_from_filename
from werkgroepen.views.access import space_view

SHOWN = (previews.PDF, previews.READY)


def _document_or_404(request, space, document_id):
    document = space.documents(request.user).filter(pk=document_id).first()
    if document is None:
        raise Http404
    return document


def _url(space, name, *args):
    return space.url + space.reverse_subpage(name, args=args or None)


@space_view()
def document_reader(request, space, document_id):
    document = _document_or_404(request, space, document_id)
    state = previews.state(document)
    if state == previews.PENDING:
        # A document from before previews existed (or from before soffice was
        # installed) has none queued yet.
        previews.convert_if_missing(document)
        state = previews.state(document)
    return render(
        request,
        "werkgroepen/documents/preview.html",
        {
            "page": space,
            "space": space,
            "space_section": "documents",
            "document": document,
            "state": state,
            "shown": state in SHOWN,
            "pdfjs": previews.pdfjs_urls() if state in SHOWN else None,
            "pdf_url": _url(space, "document_pdf", document.pk),
            "detail_url": _url(space, "document_detail", document.pk),
        },
    )


@space_view()
def document_pdf(request, space, document_id):
    document = _document_or_404(request, space, document_id)
    handle = previews.open_pdf(document)
    if handle is None:
        raise Http404
    response = FileResponse(
        handle,
        content_type="application/pdf",
        filename=f"{title_from_filename(document.title)}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own (not through the viewer), the PDF may run nothing of ours.
    response["Content-Security-Policy"] = "default-src 'none'"
    accesslog.document_opened(request.user, space, document)
    return response
