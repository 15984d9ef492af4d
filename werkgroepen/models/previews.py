"""The space's pages for reading a document in the browser (mixed into
``WorkingGroupPage``)."""


class PreviewRoutes:
    """Routes of the document preview."""
