"""The space's pages for reading a document in the browser (mixed into
``WorkingGroupPage``). No model: a preview's state is read from the storage
(``werkgroepen.previews``)."""

from wagtail.contrib.routable_page.models import path


class PreviewRoutes:
    """Routes of the document preview."""

    @path("documenten/<int:document_id>/lezen/", name="document_reader")
    def document_reader_route(self, request, document_id):
        from werkgroepen.views import previews

        return previews.document_reader(request, self, document_id)

    # Not "voorbeeld.pdf": Wagtail serves pages only on paths of [\w-] segments, each
    # ending in "/" (wagtail.urls); the response names the file as a .pdf.
    @path("documenten/<int:document_id>/voorbeeld/", name="document_pdf")
    def document_pdf_route(self, request, document_id):
        from werkgroepen.views import previews

        return previews.document_pdf(request, self, document_id)
