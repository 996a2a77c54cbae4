"""Files outside the package are found in the wheel's copy or the checkout."""
import pytest

from portal import resources


def test_a_checkout_reads_its_own_top_level_folders():
    assert resources.path("sw") == resources.CHECKOUT / "static" / "sw"
    assert resources.path("api.md") == resources.CHECKOUT / "docs" / "api.md"
    assert (resources.path("migrations") / "env.py").is_file()
    assert resources.default_content_dir() == resources.CHECKOUT / "content"


def test_an_installed_copy_wins(tmp_path, monkeypatch):
    (tmp_path / "sw").mkdir()
    monkeypatch.setattr(resources, "DATA", tmp_path)
    assert resources.path("sw") == tmp_path / "sw"


def test_a_missing_resource_names_both_places(tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "DATA", tmp_path / "data")
    monkeypatch.setattr(resources, "CHECKOUT", tmp_path / "checkout")
    with pytest.raises(resources.ResourceMissing, match="installed package.*checkout"):
        resources.path("translations")
    assert resources.default_content_dir() is None
