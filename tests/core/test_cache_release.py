"""Every kept piece's key names the release, Python code included."""

import pytest

from core.cache import families, piece_key, release


@pytest.fixture
def code(tmp_path, monkeypatch, settings):
    settings.RELEASE_ID = ""
    (tmp_path / "press").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "press" / "feeds.py").write_text("TITLE = 'Rassegna stampa'\n")
    (tmp_path / "templates" / "feed.xml").write_text("<rss/>\n")
    monkeypatch.setattr(families, "release_sources", lambda: [tmp_path])
    release.cache_clear()
    yield tmp_path
    release.cache_clear()


def test_a_piece_key_changes_when_python_code_changes(code):
    before = piece_key("view:press.feeds.PressFeed", "http://testserver/rassegna-stampa/feed/")
    (code / "press" / "feeds.py").write_text("TITLE = 'Rassegna stampa AMALav'\n")
    release.cache_clear()
    after = piece_key("view:press.feeds.PressFeed", "http://testserver/rassegna-stampa/feed/")
    assert before != after


def test_a_piece_key_changes_when_a_template_changes(code):
    before = piece_key("fragment:home")
    (code / "templates" / "feed.xml").write_text("<rss version='2.0'/>\n")
    release.cache_clear()
    assert piece_key("fragment:home") != before


def test_a_deployment_can_name_its_commit_as_the_release(code, settings):
    settings.RELEASE_ID = "b199174"
    release.cache_clear()
    assert release() == "b199174"
