"""A run of import_praktijkfiches over many sheets: what it leaves behind is what
saving the pages one by one through Wagtail leaves (tree, revisions, log entries,
reference index, search), also when a sheet in the middle fails."""

from contextlib import suppress
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from PIL import Image
from wagtail.models import Page, PageLogEntry, ReferenceIndex

from core.models import PortalImage
from kennisbank.models import PracticePage
from search.models import SearchEntry
from tests.kennisbank.factories import MethodPageFactory, ThemeFactory
from tests.kennisbank.sheets import KAPELLEN


def run(*args):
    out, err = StringIO(), StringIO()
    with suppress(CommandError):  # a failed sheet: the output says which
        call_command("import_praktijkfiches", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_sheets(folder, count, extra="", photos=False):
    """``count`` sheets with their own titles (and slugs), all naming the same image;
    with ``photos``, each naming a photo of its own, written beside it."""
    for number in range(count):
        text = KAPELLEN.replace("Kapellen: een oudercafé", f"Kapellen {number}: een oudercafé")
        text = text.replace("Provider image\n", "Provider image\n" + extra)
        if photos:
            text = text.replace("kapellen-oudercafe.jpg", f"foto-{number}.jpg")
            Image.new("RGB", (40, 30), (number * 40, 90, 200)).save(folder / f"foto-{number}.jpg")
        (folder / f"fiche-{number:02d}.txt").write_text(text, encoding="utf-8")


def references(obj):
    return sorted(
        ReferenceIndex.get_references_for_object(obj).values_list(
            "to_content_type_id", "to_object_id", "model_path", "content_path"
        )
    )


def test_a_run_leaves_a_sound_tree(kennisbank, tmp_path):
    write_sheets(tmp_path, 5)
    run(tmp_path, "--publish")
    assert PracticePage.objects.count() == 5
    assert all(not problems for problems in Page.find_problems())
    kennisbank.refresh_from_db()
    assert kennisbank.numchild == 5
    paths = list(kennisbank.get_children().values_list("path", flat=True))
    assert len(set(paths)) == 5
    assert all(path.startswith(kennisbank.path) for path in paths)


def test_published_pages_have_one_revision_and_the_usual_log_entries(kennisbank, tmp_path):
    write_sheets(tmp_path, 3)
    run(tmp_path, "--publish")
    for page in PracticePage.objects.all():
        revision = page.latest_revision
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision == revision
        assert page.revisions.count() == 1
        assert page.first_published_at is not None
        assert page.last_published_at is not None
        assert revision.as_object().title == page.title
        assert [t.text for t in revision.as_object().tips.all()] == [
            t.text for t in page.tips.all()
        ]
        actions = list(
            PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", flat=True)
        )
        assert actions == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
        # The full text's timestamp, set when the page was created, is the revision's.
        assert page.content_updated_at is not None
        assert revision.as_object().content_updated_at == page.content_updated_at


def test_a_published_sheet_is_validated_in_full_as_wagtails_publish_would(
    kennisbank, tmp_path, monkeypatch
):
    """A draft gets only its title and slug checked; publishing validates the live
    page in full (``Page.full_clean``, which calls ``clean``). A page that fails it is
    not kept, and the other sheets are."""
    from django.core.exceptions import ValidationError

    write_sheets(tmp_path, 3)

    def clean(self):
        if self.title.startswith("Kapellen 1:"):
            raise ValidationError("niet publiceerbaar")

    monkeypatch.setattr(PracticePage, "clean", clean)
    out, _err = run(tmp_path)
    assert [line.split()[0] for line in out.splitlines()[:3]] == ["created"] * 3
    PracticePage.objects.all().delete()
    out, _err = run(tmp_path, "--publish")
    assert [line.split()[0] for line in out.splitlines()[:3]] == ["created", "failed", "created"]
    assert "niet publiceerbaar" in out
    assert sorted(p.title.split(":")[0] for p in PracticePage.objects.all()) == [
        "Kapellen 0",
        "Kapellen 2",
    ]


def test_a_run_fills_the_reference_index_as_wagtail_would(kennisbank, tmp_path):
    method = MethodPageFactory(parent=kennisbank, title="Oudercafé")
    ThemeFactory(name="Toegang")
    write_sheets(tmp_path, 3, extra="\nThema: Toegang\n\nMethode: Oudercafé\n")
    Image.new("RGB", (40, 30), "orange").save(tmp_path / "kapellen-oudercafe.jpg")
    run(tmp_path, "--publish")
    image = PortalImage.objects.get()
    pages = list(PracticePage.objects.all())
    assert len(pages) == 3
    assert {page.image_id for page in pages} == {image.pk}
    assert [list(page.methods.all()) for page in pages] == [[method]] * 3
    as_imported = {page.pk: references(page) for page in pages}
    assert all(as_imported.values())
    assert ReferenceIndex.get_references_to(image).count() == 3
    # What Wagtail computes for the same pages from scratch.
    for page in pages:
        ReferenceIndex.remove_for_object(page)
        ReferenceIndex.create_or_update_for_object(page)
    assert {page.pk: references(page) for page in pages} == as_imported


def test_wagtails_search_finds_a_runs_pages_by_their_themes(kennisbank, tmp_path):
    ThemeFactory(name="Schuldhulpverlening")
    write_sheets(tmp_path, 3, extra="\nThema: Schuldhulpverlening\n")
    (tmp_path / "zonder.txt").write_text(
        KAPELLEN.replace("Kapellen: een oudercafé", "Zonder thema"), encoding="utf-8"
    )
    run(tmp_path, "--publish")
    found = PracticePage.objects.live().search("schuldhulpverlening", order_by_relevance=False)
    assert sorted(page.title.split(":")[0] for page in found) == [
        "Kapellen 0",
        "Kapellen 1",
        "Kapellen 2",
    ]


def test_a_sheet_failing_in_the_middle_of_a_run_loses_none_of_the_others(
    kennisbank, tmp_path, disk_full_for
):
    write_sheets(tmp_path, 5)
    disk_full_for("Kapellen 2:")
    out, _err = run(tmp_path, "--publish")
    statuses = [line.split()[0] for line in out.splitlines()[:5]]
    assert statuses == ["created", "created", "failed", "created", "created"]
    assert "disk full" in out
    titles = sorted(PracticePage.objects.values_list("title", flat=True))
    assert [t.split(":")[0] for t in titles] == [
        "Kapellen 0",
        "Kapellen 1",
        "Kapellen 3",
        "Kapellen 4",
    ]
    assert all(page.live for page in PracticePage.objects.all())
    assert all(not problems for problems in Page.find_problems())
    kennisbank.refresh_from_db()
    assert kennisbank.numchild == 4
    found = PracticePage.objects.live().search("oudercafé", order_by_relevance=False)
    assert {page.title for page in found} == set(titles)
    for page in PracticePage.objects.all():
        assert SearchEntry.objects.filter(page=page, title=page.title).exists()


IDENTITY = {
    "id",
    "page_ptr",
    "kennisbankpage_ptr",
    "path",
    "url_path",
    "translation_key",
    "latest_revision",
    "live_revision",
}


def _without_identity(value):
    """Revision JSON with keys, paths and moments left out."""
    if isinstance(value, dict):
        return {
            key: _without_identity(item)
            for key, item in value.items()
            if key not in IDENTITY | {"pk", "page", "live_revision_id"} and not key.endswith("_at")
        }
    if isinstance(value, list):
        return [_without_identity(item) for item in value]
    return value


def published_state(page):
    """A page's columns, its revision and log entries, with what differs between two
    imports of the same sheet (keys, paths, moments) reduced to whether it is set."""
    page = PracticePage.objects.get(pk=page.pk)
    columns = {}
    for field in PracticePage._meta.concrete_fields:
        value = getattr(page, field.attname)
        if field.name in IDENTITY or field.get_internal_type() == "DateTimeField":
            value = value is not None
        columns[field.name] = value
    [revision] = page.revisions.all()
    log = [
        (entry.action, entry.data, entry.content_changed, entry.revision_id == revision.pk)
        for entry in PageLogEntry.objects.filter(page=page).order_by("pk")
    ]
    return {
        "columns": columns,
        "live_revision_is_latest": page.live_revision_id == page.latest_revision_id == revision.pk,
        "revision": (revision.approved_go_live_at, revision.object_str),
        "revision_content": _without_identity(revision.content),
        "log": log,
        "tips": [(t.text, t.locale_id) for t in page.tips.all()],
    }


def test_each_published_sheet_is_announced_once_by_wagtails_publish(kennisbank, tmp_path):
    """Wagtail's ``page_published`` (what other apps listen to) is sent once per
    imported page, with the page's live revision."""
    from wagtail.signals import page_published

    write_sheets(tmp_path, 3)
    sent = []

    def receiver(sender, instance, revision, **kwargs):
        sent.append((sender, instance.pk, revision.pk))

    page_published.connect(receiver)
    try:
        run(tmp_path, "--publish")
    finally:
        page_published.disconnect(receiver)
    pages = PracticePage.objects.order_by("pk")
    assert len(pages) == 3
    assert sorted(sent) == [(PracticePage, page.pk, page.live_revision_id) for page in pages]


def test_an_imported_sheet_is_live_and_found_by_both_searches(kennisbank, tmp_path, client):
    """Published by the importer: live, in Wagtail's own search and in the site's."""
    (tmp_path / "a.txt").write_text(KAPELLEN, encoding="utf-8")
    run(tmp_path / "a.txt", "--publish")
    page = PracticePage.objects.get()
    assert page.live and page.url
    wagtails = PracticePage.objects.live().search("oudercafé", order_by_relevance=False)
    assert [found.pk for found in wagtails] == [page.pk]
    response = client.get("/nl/zoeken/", {"q": "oudercafé", "format": "json"})
    assert page.title in [result["title"] for result in response.json()["results"]]


def test_a_new_pages_tips_and_links_are_the_rows_modelcluster_would_write(
    kennisbank, home_page, tmp_path, monkeypatch
):
    """A new page's tips, obstacles, themes, target groups and methods are inserted
    in one statement per kind (``store._insert_children``); written through the page's
    relations instead (modelcluster's commit, what ``add_child`` did with them), the
    same sheet gives the same rows and the same revision."""
    from kennisbank.importer import store
    from kennisbank.models import MethodPage
    from tests.kennisbank.factories import KennisbankIndexPageFactory, TargetGroupFactory

    other = KennisbankIndexPageFactory(parent=home_page, title="Tweede", slug="tweede")
    MethodPageFactory(parent=kennisbank, title="Oudercafé")
    MethodPageFactory(parent=other, title="Oudercafé")
    MethodPageFactory(parent=kennisbank, title="Buurtsoep")
    MethodPageFactory(parent=other, title="Buurtsoep")
    ThemeFactory(name="Toegang")
    ThemeFactory(name="Armoede")
    TargetGroupFactory(name="Ouders")
    extra = (
        "\nThema's: Toegang, Armoede, Toegang\n\nDoelgroep: Ouders\n\n"
        "Methodes: Oudercafé, Buurtsoep\n"
    )
    write_sheets(tmp_path, 1, extra=extra)
    run(tmp_path, "--publish", "--parent", kennisbank.url_path)

    def through_modelcluster(page, children, links):
        for name, objects in children.items():
            setattr(page, name, objects)
        for name, objects in links.items():
            getattr(page, name).set(objects)
        for name in [*children, *links]:
            getattr(page, name).commit()

    monkeypatch.setattr(store, "_insert_children", through_modelcluster)
    run(tmp_path, "--publish", "--parent", other.url_path)

    def rows(page):
        state = published_state(page)
        # Each parent has its own method pages: the revision names them by key.
        content = state["revision_content"]
        content["methods"] = [MethodPage.objects.get(pk=pk).title for pk in content["methods"]]
        return {
            **state,
            "obstacles": [(o.text, o.locale_id, o.sort_order) for o in page.obstacles.all()],
            "tip_order": [t.sort_order for t in page.tips.all()],
            "themes": [t.name for t in page.themes.all()],
            "target_groups": [t.name for t in page.target_groups.all()],
            "methods": sorted(m.title for m in page.methods.all()),
        }

    ours = rows(PracticePage.objects.child_of(kennisbank).get())
    modelclusters = rows(PracticePage.objects.child_of(other).get())
    assert ours["themes"] == ["Armoede", "Toegang"]
    assert ours["target_groups"] == ["Ouders"]
    assert ours["methods"] == ["Buurtsoep", "Oudercafé"]
    assert len(ours["tips"]) == 2 and ours["obstacles"]
    assert ours == modelclusters


def _watch_commits(monkeypatch, fail_at=None):
    """A list that gets, at each commit, the number of practices the commit holds;
    the first commit that would hold ``fail_at`` practices fails as a full disk would."""
    from django.db import DatabaseError, connections

    practices = []
    connection = connections["default"]
    original = connection._commit

    def commit():
        practices.append(PracticePage.objects.count())
        if practices[-1] == fail_at and practices.count(fail_at) == 1:
            raise DatabaseError("disk I/O error")
        return original()

    monkeypatch.setattr(connection, "_commit", commit)
    return practices


def _growth(practices):
    """The practice counts of the commits that added practices."""
    steps, last = [], 0
    for count in practices:
        if count > last:
            steps.append(count)
        last = count
    return steps


# These tests need real commits (the other tests run inside one transaction).
committing = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@committing
def test_a_run_commits_its_sheets_in_small_groups(kennisbank, tmp_path, monkeypatch):
    from kennisbank.importer import store

    write_sheets(tmp_path, 5)
    monkeypatch.setattr(store, "GROUP_SHEETS", 2)
    monkeypatch.setattr(store, "GROUP_SECONDS", 600)  # a slow machine ends no group early
    practices = _watch_commits(monkeypatch)
    out, _err = run(tmp_path, "--publish")
    assert [line.split()[0] for line in out.splitlines()[:5]] == ["created"] * 5
    assert _growth(practices) == [2, 4, 5]  # sheets 0-1, 2-3 and 4
    assert PracticePage.objects.live().count() == 5

    # A group also ends after GROUP_SECONDS: at 0, each sheet is committed alone.
    PracticePage.objects.all().delete()
    monkeypatch.setattr(store, "GROUP_SECONDS", 0)
    practices.clear()
    run(tmp_path, "--publish")
    assert _growth(practices) == [1, 2, 3, 4, 5]


@committing
def test_a_group_whose_commit_fails_is_reported_failed_and_loses_nothing_else(
    kennisbank, tmp_path, monkeypatch
):
    """The second group's commit fails: its two sheets are reported failed with the
    reason, their photos are gone from the storage, and the sheets before and after
    are saved, published and indexed."""
    from kennisbank.importer import store

    write_sheets(tmp_path, 5, photos=True)
    monkeypatch.setattr(store, "GROUP_SHEETS", 2)
    monkeypatch.setattr(store, "GROUP_SECONDS", 600)
    _watch_commits(monkeypatch, fail_at=4)  # the group of sheets 2 and 3
    out, _err = run(tmp_path, "--publish")
    lines = out.splitlines()[:5]
    assert [line.split()[0] for line in lines] == [
        "created",
        "created",
        "failed",
        "failed",
        "created",
    ]
    assert "fiche-02.txt" in lines[2] and "disk I/O error" in lines[2]
    assert "fiche-03.txt" in lines[3]
    assert "1 failed" not in out and "2 failed" in out
    assert sorted(p.title.split(":")[0] for p in PracticePage.objects.live()) == [
        "Kapellen 0",
        "Kapellen 1",
        "Kapellen 4",
    ]
    assert all(not problems for problems in Page.find_problems())
    kennisbank.refresh_from_db()
    assert kennisbank.numchild == 3
    photos = sorted(PortalImage.objects.values_list("title", flat=True))
    assert photos == ["foto 0", "foto 1", "foto 4"]
    stored = {path.name for path in (Path(settings.MEDIA_ROOT) / "original_images").iterdir()}
    assert {name.split(".")[0] for name in stored} == {"foto-0", "foto-1", "foto-4"}
    for page in PracticePage.objects.all():
        assert SearchEntry.objects.filter(page=page).exists()


def test_a_run_stopped_halfway_keeps_no_photo_of_the_sheets_it_rolled_back(
    kennisbank, tmp_path, monkeypatch
):
    """Ctrl-C during the third sheet: the group it was in is rolled back, so the
    photos stored for its first two sheets are deleted too, and the stop goes on."""
    from kennisbank.importer import store

    write_sheets(tmp_path, 4, photos=True)
    monkeypatch.setattr(store, "GROUP_SECONDS", 600)  # the four sheets in one group
    original = PracticePage.save_revision

    def stopped(self, *args, **kwargs):
        if self.title.startswith("Kapellen 2:"):
            raise KeyboardInterrupt
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PracticePage, "save_revision", stopped)
    with pytest.raises(KeyboardInterrupt):
        call_command("import_praktijkfiches", str(tmp_path), stdout=StringIO())
    assert not PracticePage.objects.exists()
    assert not PortalImage.objects.exists()
    folder = Path(settings.MEDIA_ROOT) / "original_images"
    assert not folder.exists() or not list(folder.iterdir())
