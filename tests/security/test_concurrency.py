"""Two editors saving the same page: both revisions are kept, and the second one is
told that someone saved in between (without JavaScript too)."""

from html.parser import HTMLParser

from django.test import Client
from wagtail.models import Page

from tests.security.conftest import who


class _EditForm(HTMLParser):
    """The fields of Wagtail's page edit form, as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.data = []
        self._textarea = None
        self._select = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file"):
                return
            self.data.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.data.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def edit_form(client, page):
    parser = _EditForm()
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    # Stream fields are drawn by JavaScript: post them empty (only titles matter here).
    from wagtail.fields import StreamField

    for model_field in page.specific_class._meta.get_fields():
        if isinstance(model_field, StreamField):
            data.setdefault(f"{model_field.name}-count", ["0"])
    return data


def save(client, page, form, title):
    form = {**form, "title": [title]}
    return client.post(f"/admin/pages/{page.pk}/edit/", form, follow=True)


def test_two_editors_keep_both_revisions_and_the_second_is_warned(world):
    page = world["public"]
    page.save_revision(user=who(world, "coordinator"))
    first, second = Client(), Client()
    first.force_login(who(world, "coordinator"))
    second.force_login(who(world, "redacteur"))
    form_first = edit_form(first, page)
    form_second = edit_form(second, page)
    revisions = page.revisions.count()

    response = save(first, page, form_first, "Open methode (versie An)")
    assert "Let op:" not in response.content.decode()
    response = save(second, page, form_second, "Open methode (versie Bram)")
    html = response.content.decode()
    assert "Let op:" in html
    assert "bewaarde deze pagina ook terwijl jij ze bewerkte" in html

    page = Page.objects.get(pk=page.pk)
    titles = [r.as_object().title for r in page.revisions.order_by("created_at", "pk")]
    assert page.revisions.count() == revisions + 2
    assert titles[-2:] == ["Open methode (versie An)", "Open methode (versie Bram)"]


def test_an_editor_saving_twice_in_a_row_is_not_warned(world):
    page = world["public"]
    client = Client()
    client.force_login(who(world, "redacteur"))
    save(client, page, edit_form(client, page), "Eerste keer")
    response = save(client, page, edit_form(client, page), "Tweede keer")
    assert "Let op:" not in response.content.decode()
