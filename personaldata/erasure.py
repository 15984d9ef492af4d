"""One erasure: everything the portal keeps about one person, in one transaction.

``erase(person)`` is what the command (``manage.py persoonsgegevens wissen``) and the
coordinator's button both call. Inside one ``transaction.atomic``:

1. every app's ``erase_personal_data`` hook (``personaldata.hooks``) erases what it
   keeps: input, comments, uploads, ballots, memberships, profiles, …;
2. mentions of the person in what Wagtail keeps are replaced by "een deelnemer":
   revisions (their JSON), log entries (label and data), editors' comments,
   documents' and images' titles, descriptions and extracted text;
3. the account is anonymised (see ``anonymise``);
4. a row goes into the erasure register and an entry into the access log.

A failure anywhere rolls everything back: never half a person. After the commit, the
changed pages and documents are indexed again (Wagtail's ``index`` API; the portal's
own index follows their saves) and every cache is cleared.

Why anonymise and not delete the account: Wagtail's revisions, log entries, workflow
states and page owners point to the account; log entries keep a user id without a
database constraint, so a deleted account would leave them pointing at nothing (or, on
SQLite, at a later account that reuses the number). An anonymised account
(``gewist-<number>``, no names, no e-mail, no password, inactive, no groups) keeps
every foreign key sound and identifies nobody.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Comment,
    CommentReply,
    ModelLogEntry,
    Page,
    PageLogEntry,
    Revision,
)
from wagtail.search import index

from core.cache import bump_content_version

from . import accesslog, register
from .hooks import erase_hooks, erased_hooks
from .register import ERASED_PREFIX
from .scrub import Scrubber, identifiers_of

LABEL = _("een deelnemer")


def label():
    """The words that replace a name, in the portal's own language (they are stored)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(LABEL)


@dataclass
class ErasureRun:
    """What an ``erase_personal_data`` hook gets (see ``personaldata.hooks``)."""

    person: object
    remove_input: bool = False
    scrubber: Scrubber = None
    report: list = field(default_factory=list)
    _reindex: dict = field(default_factory=dict)
    _after: list = field(default_factory=list)

    @property
    def user(self):
        return self.person.user

    @property
    def invitation_ids(self):
        return self.person.invitation_ids

    @property
    def label(self):
        return self.scrubber.label

    def scrub(self, text):
        return self.scrubber.text(text)

    def scrub_rows(self, queryset, fields):
        return self.scrubber.rows(queryset, fields)

    def reindex(self, obj):
        self._reindex[(type(obj), obj.pk)] = obj

    def after_commit(self, function):
        self._after.append(function)

    def done(self, what, count):
        if count:
            self.report.append((str(what), count))


def erase(person, *, remove_input=False, actor=None, record=True):
    """Erase ``person`` (``personaldata.hooks.Person``); returns the ``ErasureRun``
    with its report. ``record``: write a row in the register (not when the register
    itself re-applies an erasure)."""
    # The register's hashes are taken before anything changes.
    identity = register.identity_of(person.user)
    run = ErasureRun(
        person=person,
        remove_input=remove_input,
        scrubber=Scrubber(identifiers_of(person.user), label()),
    )
    with transaction.atomic():
        for hook in erase_hooks():
            hook(run)
        scrub_wagtail(run)
        scrub_files(run)
        if person.user is not None:
            anonymise(run, person.user)
        if record:
            register.record(identity, person.invitation_ids, remove_input)
        accesslog.erased(actor, person, reapplied=not record)
        transaction.on_commit(lambda: after_commit(run))
    return run


def scrub_wagtail(run):
    """Mentions in what Wagtail keeps: revisions, log entries, editors' comments."""
    changed = run.scrub_rows(Revision.objects.all(), ["content", "object_str"])
    run.done(_("versies van pagina's en fragmenten"), len(changed))
    count = 0
    for model in (PageLogEntry, ModelLogEntry):
        count += len(run.scrub_rows(model.objects.all(), ["label", "data"]))
    run.done(_("regels in de logboeken"), count)
    count = len(run.scrub_rows(Comment.objects.all(), ["text"]))
    count += len(run.scrub_rows(CommentReply.objects.all(), ["text"]))
    run.done(_("opmerkingen van redacteurs"), count)
    pages = Page.objects.filter(pk__in=run.scrub_rows(Page.objects.all(), ["title", "draft_title"]))
    for page in pages.specific():
        # Saved (not only updated) so that every index follows, after the commit.
        page.save(clean=False, update_fields=["title", "draft_title"])
        run.reindex(page)
    run.done(_("paginatitels"), len(pages))


def scrub_files(run):
    """Titles, descriptions and extracted text of documents and images (kept files)."""
    documents = get_document_model()
    fields = ["title", "description", "extracted_text"]
    fields = [name for name in fields if _has_field(documents, name)]
    changed = run.scrub_rows(documents.objects.all(), fields)
    for document in documents.objects.filter(pk__in=changed):
        # Saved (not only updated) so that every index follows, after the commit.
        document.save(update_fields=fields)
        run.reindex(document)
    run.done(_("documenten (titel of tekst)"), len(changed))
    images = get_image_model()
    changed = run.scrub_rows(images.objects.all(), ["title"])
    for image in images.objects.filter(pk__in=changed):
        image.save(update_fields=["title"])
        run.reindex(image)
    run.done(_("afbeeldingen (titel)"), len(changed))


def _has_field(model, name):
    return any(f.name == name for f in model._meta.get_fields())


def anonymise(run, user):
    """The account stays (foreign keys point to it) but identifies nobody."""
    _forget_login_traces(user)
    user.username = f"{ERASED_PREFIX}{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    run.done(_("account gewist (naam, gebruikersnaam, e-mail, wachtwoord, groepen)"), 1)


def _forget_login_traces(user):
    """Wagtail's profile (avatar, language) and the failed logins of axes, which keep
    the user name as typed."""
    from wagtail.users.models import UserProfile

    UserProfile.objects.filter(user=user).delete()
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=user.get_username()).delete()


def after_commit(run):
    """Once the erasure is committed: Wagtail's search index (``index`` API) for what
    changed, the files to remove, then (after every index has followed the saves)
    the ``personal_data_erased`` hooks and the caches."""
    for (model, pk), _obj in run._reindex.items():
        fresh = model._default_manager.filter(pk=pk).first()
        if fresh is not None and isinstance(fresh, index.Indexed):
            index.insert_or_update_object(fresh)
    for function in run._after:
        function()
    # Queued after the index work the commit started (run in order).
    transaction.on_commit(lambda: finish(run))


def finish(run):
    for hook in erased_hooks():
        hook(run)
    clear_caches()


def clear_caches():
    """Nothing kept may still hold the person: a new content version, and every cache
    emptied (sessions live in the database: ``cached_db``, so nobody is logged out)."""
    bump_content_version()
    for alias in settings.CACHES:
        caches[alias].clear()
