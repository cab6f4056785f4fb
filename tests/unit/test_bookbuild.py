"""crmkit.bookbuild: Jupyter Book's build command, with Sphinx jobs on every core."""

from __future__ import annotations

import importlib

import pytest
from jupyter_book import sphinx as jb_sphinx

from crmkit import bookbuild


@pytest.fixture
def restored(monkeypatch):
    """Whatever prepare() replaces is put back after the test."""
    monkeypatch.setattr(jb_sphinx, "build_sphinx", jb_sphinx.build_sphinx)
    for name in bookbuild.UNDECLARED:
        module = importlib.import_module(name)
        monkeypatch.setattr(module, "setup", module.setup)


def test_the_two_silent_extensions_are_declared_safe_and_keep_their_setup(restored):
    calls = []

    def setup(app):
        calls.append(app)
        return {"version": "1"}

    metadata = bookbuild.declared_safe(setup)("app")
    assert calls == ["app"]
    assert metadata == {"version": "1", "parallel_read_safe": True,
                        "parallel_write_safe": True}
    # an extension that says it is not safe is not overruled
    unsafe = bookbuild.declared_safe(lambda app: {"parallel_read_safe": False})("app")
    assert unsafe["parallel_read_safe"] is False
    assert bookbuild.declared_safe(lambda app: None)("app")["parallel_write_safe"] is True


def test_prepare_wraps_each_extension_once_and_passes_the_jobs(restored):
    bookbuild.prepare(2)
    bookbuild.prepare(3)  # a second call changes the jobs, not the wrapping
    for name in bookbuild.UNDECLARED:
        setup = importlib.import_module(name).setup
        assert setup.crmkit_declared and not getattr(setup.__wrapped__, "crmkit_declared", False)
    assert jb_sphinx.build_sphinx.keywords == {"jobs": 3}
    assert not hasattr(jb_sphinx.build_sphinx.func, "func")
    assert bookbuild.prepare() == bookbuild.cores() >= 1


@pytest.mark.filterwarnings("ignore:'BaseCommand' is deprecated:DeprecationWarning")
def test_the_command_builds_with_the_jobs(restored, tmp_path, monkeypatch):
    """Jupyter Book's own command line runs; the Sphinx call it makes gets the jobs."""
    (tmp_path / "_config.yml").write_text("title: 书\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (tmp_path / "intro.md").write_text("# 引言\n", encoding="utf-8")
    seen = {}

    def fake_build(sourcedir, outputdir, **options):
        seen.update(options, source=str(sourcedir))
        return 0

    monkeypatch.setattr(jb_sphinx, "build_sphinx", fake_build)
    monkeypatch.setattr(bookbuild, "cores", lambda: 2)
    with pytest.raises(SystemExit) as done:
        bookbuild.main(["build", str(tmp_path), "--path-output", str(tmp_path / "out"), "-W"])
    assert done.value.code in (0, None)
    assert seen["jobs"] == 2 and seen["warningiserror"] is True
    assert seen["source"] == str(tmp_path)
