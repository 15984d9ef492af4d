"""Publishing a practice the importer created a moment ago, without a third full save.

Wagtail publishes a revision (``revision.publish()``, its ``PublishPageRevisionAction``)
by building the page again from the revision's JSON and saving it in full: every child
relation (tips, obstacles, themes, methods…) written again, every ``post_save``
receiver. For a page the importer has just created and given its first revision, that
save writes nothing new but the publishing fields; leaving it out took a third off the
time of an import run (``docs/decisions/0009-import-speed.md``).

``publish_new`` does what that action does for exactly this case, in the same order:
the publishing fields set, the page validated in full as a live page (as Wagtail's
save does: a draft got only the title and slug checked; ``already_checked`` names what
the database checked on the insert), saved (``update_fields``: one
UPDATE, the same ``post_save`` receivers), then ``page_published`` and ``published``,
then the ``wagtail.publish`` log entry. What the action also does only matters for pages with a
history, so it is left out here and the importer uses Wagtail's action for those
(``store._save``): a scheduled go-live date, older revisions (their
``approved_go_live_at``, a ``wagtail.rename`` entry), comments, aliases, a workflow in
progress. A test (``tests/kennisbank/test_import_batch.py``) compares the result with
Wagtail's own publish field by field, so an upgrade that changes the action shows there.
"""

import logging

from django.utils import timezone
from wagtail.log_actions import log
from wagtail.signals import page_published, published

logger = logging.getLogger("wagtail")

PUBLISHING_FIELDS = [
    "live",
    "has_unpublished_changes",
    "expired",
    "first_published_at",
    "last_published_at",
    "live_revision",
]


def can_publish_new(page, revision):
    """Whether ``publish_new`` does all Wagtail would for this page: a page created in
    this transaction with ``revision`` its only one, nothing scheduled."""
    return (
        not page.live
        and page.live_revision_id is None
        and page.latest_revision_id == revision.pk
        and not (page.go_live_at and page.go_live_at > timezone.now())
        and not page.alias_of_id
    )


def already_checked(page):
    """What the database itself checked when ``add_child`` and ``save_revision``
    wrote the page: the links to other rows (foreign keys: locale, content type,
    revisions, owner, image, organisation), and the tree path and translation key,
    unique in the database and not changed since. Django's ``full_clean`` would
    look each of them up again: six queries per sheet."""
    links = [f.name for f in page._meta.concrete_fields if f.many_to_one or f.one_to_one]
    return [*links, "path", "translation_key"]


def publish_new(page, revision, user=None):
    now = timezone.now()
    page.live = True
    page.has_unpublished_changes = False
    page.expired = False
    page.first_published_at = page.first_published_at or now
    page.last_published_at = now
    page.live_revision = revision
    # A live page gets Wagtail's full validation, as in its publish, but not the
    # lookups that only ask whether rows exist: the database checked those when the
    # page was inserted a moment ago, in this transaction.
    page.full_clean(exclude=already_checked(page))
    page.save(update_fields=PUBLISHING_FIELDS, clean=False)

    page_published.send(sender=page.specific_class, instance=page, revision=revision)
    published.send(sender=type(page), instance=page, revision=revision)
    log(
        instance=page,
        action="wagtail.publish",
        user=user,
        data=None,
        revision=revision,
        content_changed=True,
    )
    logger.info('Published: "%s" pk=%s revision_id=%d', page, page.pk, revision.pk)
