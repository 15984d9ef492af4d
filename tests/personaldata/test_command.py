"""``manage.py persoonsgegevens``: bad input gets one clear sentence; the export is
complete or absent; ``wissen`` asks first."""

import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.personaldata.conftest import FIRST_NAME, USERNAME

pytestmark = pytest.mark.django_db


def test_an_unknown_user_is_named_in_one_sentence(tmp_path):
    with pytest.raises(CommandError, match="Geen account met gebruikersnaam 'niemand'"):
        call_command("persoonsgegevens", "export", "niemand", str(tmp_path / "x.zip"))
    with pytest.raises(CommandError, match="Geen account met gebruikersnaam 'niemand'"):
        call_command("persoonsgegevens", "wissen", "niemand", "--yes")


def test_export_writes_json_and_html(person, tmp_path):
    out = tmp_path / "gegevens.zip"
    call_command("persoonsgegevens", "export", USERNAME, str(out))
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["data.html", "data.json"]
        data = json.loads(archive.read("data.json"))
        html = archive.read("data.html").decode()
    account = data["sections"]["account"]["rows"][0]
    assert account["username"] == USERNAME
    assert "werkgroepen.memberships" in data["sections"]
    assert FIRST_NAME in html
    # Self-contained: no link, script or stylesheet from elsewhere.
    assert "http" not in html.replace("http-equiv", "")
    assert not [p.name for p in tmp_path.iterdir() if p.name != "gegevens.zip"]


def test_export_refuses_to_overwrite_without_force(person, tmp_path):
    out = tmp_path / "gegevens.zip"
    out.write_text("oud")
    with pytest.raises(CommandError, match="bestaat al; gebruik --force"):
        call_command("persoonsgegevens", "export", USERNAME, str(out))
    assert out.read_text() == "oud"
    call_command("persoonsgegevens", "export", USERNAME, str(out), "--force")
    assert zipfile.is_zipfile(out)


def test_export_to_a_folder_that_does_not_exist_is_a_clear_error(person, tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("persoonsgegevens", "export", USERNAME, str(tmp_path / "nergens" / "x.zip"))


def test_a_failed_export_leaves_nothing_behind(person, tmp_path, monkeypatch):
    from personaldata import export

    def broken(*args, **kwargs):
        raise OSError("schijf vol")

    monkeypatch.setattr(export, "as_html", broken)
    with pytest.raises(CommandError, match="schijf vol"):
        call_command("persoonsgegevens", "export", USERNAME, str(tmp_path / "x.zip"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("answer", ["", "nee", "j", "yes"])
def test_wissen_asks_and_stops_on_anything_but_ja(person, monkeypatch, answer):
    monkeypatch.setattr("builtins.input", lambda prompt: answer)
    with pytest.raises(CommandError, match="Niets gewist"):
        call_command("persoonsgegevens", "wissen", USERNAME)
    person.refresh_from_db()
    assert person.username == USERNAME


def test_wissen_with_ja_erases(person, monkeypatch, django_capture_on_commit_callbacks, capsys):
    monkeypatch.setattr("builtins.input", lambda prompt: "ja")
    number = person.pk
    with django_capture_on_commit_callbacks(execute=True):
        call_command("persoonsgegevens", "wissen", USERNAME)
    assert get_user_model().objects.get(pk=number).username == f"gewist-{number}"
    assert f"Gegevens van account {number} gewist" in capsys.readouterr().out
