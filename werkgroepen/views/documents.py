"""The space's documents: list, upload, detail (edit, new version, trash), trash, versions.

Every queryset starts from ``space.documents(user)`` (``access.privacy``) or from the
space's own collection for the leads' trash; a document id from another space is a
404 here, whoever asks.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from taggit.models import Tag

from werkgroepen import accesslog, comments, notifications
from werkgroepen import documents as ops
from werkgroepen.forms import DocumentEditForm, NewVersionForm, UploadForm
from werkgroepen.models import DocumentVersion
from werkgroepen.views.access import space_view

SORTS = {
    "nieuw": ("-last_changed", "title"),
    "oud": ("last_changed", "title"),
    "titel": ("title", "-last_changed"),
}
PER_PAGE = 25


def _url(space, name, *args):
    return space.url + space.reverse_subpage(name, args=args or None)


def _context(space, **extra):
    return {
        "page": space,
        "space": space,
        "space_section": "documents",
        "trash_days": ops.trash_days(space),
        **extra,
    }


def _with_dates(queryset):
    return queryset.annotate(last_changed=Coalesce(Max("versions__replaced_at"), "created_at"))


def _tags_of(queryset):
    """The tags used on the documents of ``queryset`` (taggit's generic TaggedItem)."""
    through = queryset.model.tags.through
    tagged = through.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model),
        object_id__in=queryset.values("pk"),
    ).values("tag_id")
    return Tag.objects.filter(pk__in=tagged).order_by("name")


@space_view()
def document_list(request, space):
    queryset = _with_dates(space.documents(request.user))
    tags = _tags_of(space.documents(request.user))
    # PostgreSQL refuses NUL in a query (a 500); no tag contains one.
    tag = request.GET.get("trefwoord", "").replace("\x00", "").strip()[:100]
    if tag:
        queryset = queryset.filter(tags__name=tag)
    sort = request.GET.get("sorteer", "nieuw")
    if sort not in SORTS:
        sort = "nieuw"
    queryset = (
        queryset.order_by(*SORTS[sort]).select_related("uploaded_by_user").prefetch_related("tags")
    )
    # ``page``, the parameter of the shared pagination links; anything else (not a
    # number, past the end) gives the first or the last page.
    page_obj = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("trefwoord", tag), ("sorteer", sort)) if v})
    return render(
        request,
        "werkgroepen/documents/list.html",
        _context(
            space,
            page_obj=page_obj,
            documents=page_obj.object_list,
            tags=tags,
            tag=tag,
            sort=sort,
            sorts=[
                ("nieuw", _("nieuwste eerst")),
                ("oud", _("oudste eerst")),
                ("titel", _("titel")),
            ],
            query=query,
            can_manage=space.can_manage(request.user),
        ),
    )


@space_view()
def document_upload(request, space):
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            files = form.cleaned_data["files"]
            title = form.cleaned_data["title"] if len(files) == 1 else ""
            created = [
                ops.create_document(
                    space,
                    upload,
                    request.user,
                    title=title,
                    description=form.cleaned_data["description"],
                    tags=form.cleaned_data["tags"],
                )
                for upload in files
            ]
            for document in created:
                accesslog.document_uploaded(request.user, space, document)
            notifications.announce(
                notifications.DOCUMENTS, space, [d.pk for d in created], request.user
            )
            messages.success(
                request,
                ngettext(
                    "%(count)d document opgeladen.",
                    "%(count)d documenten opgeladen.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect(_url(space, "documents"))
    return render(request, "werkgroepen/documents/upload.html", _context(space, form=form))


def _document_or_404(request, space, document_id, allow_trashed=False):
    document = get_object_or_404(
        ops.document_model().objects.select_related("uploaded_by_user", "trashed_by"),
        pk=document_id,
        collection_id=space.collection_id,
    )
    if document.trashed_at and not (allow_trashed and space.can_manage(request.user)):
        raise Http404
    return document


def _may_edit(request, space, document):
    return space.can_manage(request.user) or document.uploaded_by_user_id == request.user.pk


@space_view()
def document_detail(request, space, document_id):
    document = _document_or_404(request, space, document_id, allow_trashed=True)
    may_edit = _may_edit(request, space, document)
    edit_form = DocumentEditForm(
        initial={
            "title": document.title,
            "description": document.description,
            "tags": ", ".join(tag.name for tag in document.tags.all()),
        }
    )
    version_form = NewVersionForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "edit" and may_edit and not document.trashed_at:
            edit_form = DocumentEditForm(request.POST)
            if edit_form.is_valid():
                document.title = edit_form.cleaned_data["title"]
                document.description = edit_form.cleaned_data["description"]
                document.save(update_fields=["title", "description"])
                document.tags.set(edit_form.cleaned_data["tags"], clear=True)
                messages.success(request, _("De gegevens zijn bewaard."))
                return redirect(_url(space, "document_detail", document.pk))
        elif action == "version" and not document.trashed_at:
            version_form = NewVersionForm(request.POST, request.FILES)
            if version_form.is_valid():
                ops.add_version(document, version_form.cleaned_data["file"], request.user)
                number = ops.current_version(document)[0]
                accesslog.document_uploaded(request.user, space, document, version=number)
                messages.success(
                    request, _("Nieuwe versie opgeladen. De vorige blijft beschikbaar.")
                )
                return redirect(_url(space, "document_detail", document.pk))
        elif action == "trash" and may_edit and not document.trashed_at:
            ops.trash(document, request.user)
            accesslog.document_trashed(request.user, space, document)
            messages.success(
                request,
                _(
                    "'%(title)s' staat in de prullenbak. De trekkers kunnen het nog "
                    "%(days)d dagen terugzetten."
                )
                % {"title": document.title, "days": ops.trash_days(space)},
            )
            return redirect(_url(space, "documents"))
        elif action == "restore" and document.trashed_at and space.can_manage(request.user):
            ops.restore(document)
            accesslog.document_restored(request.user, space, document)
            messages.success(request, _("'%(title)s' is teruggezet.") % {"title": document.title})
            return redirect(_url(space, "document_detail", document.pk))
        else:
            messages.error(request, _("Dat kan je met dit document niet doen."))
            return redirect(_url(space, "document_detail", document.pk))
    number, changed_at, changed_by = ops.current_version(document)
    return render(
        request,
        "werkgroepen/documents/detail.html",
        _context(
            space,
            document=document,
            versions=document.versions.select_related("uploaded_by"),
            version_number=number,
            changed_at=changed_at,
            changed_by=changed_by,
            edit_form=edit_form,
            version_form=version_form,
            may_edit=may_edit,
            can_manage=space.can_manage(request.user),
            purge_on=document.trashed_at + timezone.timedelta(days=ops.trash_days(space))
            if document.trashed_at
            else None,
            # None for a trashed document: it shows and takes no comments.
            comment_thread=comments.thread(request, space, document=document),
        ),
    )


@space_view(lead_only=True)
def document_trash(request, space):
    trashed = (
        ops.document_model()
        .objects.filter(collection_id=space.collection_id, trashed_at__isnull=False)
        .select_related("trashed_by", "uploaded_by_user")
        .order_by("-trashed_at")
    )
    days = ops.trash_days(space)
    rows = [(document, document.trashed_at + timezone.timedelta(days=days)) for document in trashed]
    return render(request, "werkgroepen/documents/trash.html", _context(space, rows=rows))


@space_view()
def document_version_download(request, space, document_id, number):
    document = _document_or_404(request, space, document_id, allow_trashed=True)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    try:
        handle = version.file.open("rb")
    except OSError as error:
        raise Http404 from error
    extension = version.file_extension or "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{ops.title_from_filename(document.title)} (versie {number}).{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    accesslog.document_downloaded(request.user, space, document, version=number)
    return response
