"""Background task of the easy-read app: the read-aloud recordings of a page
(``easyread.recordings``). Runs in the database worker in production, at once in
development and tests; a page unpublished or deleted meanwhile is skipped."""

from django_tasks import task

from . import recordings


@task()
def record_page(page_id):
    page = recordings.live_page(page_id)
    if page is None:
        return []
    return recordings.make_recordings(page)
