"""Sphinx extension for the two builds of the book: trainer and learner.

The audience comes from the environment variable ``CRMKIT_AUDIENCE``
("trainer", the default, or "learner") so that one ``_config.yml`` serves both
builds. In the learner build:

* ``{trainer-note}`` blocks (教师指引) are dropped from the document tree, so
  their text is absent from the pages, the search index and every download;
* sphinx-exercise's ``hide_solutions`` is switched on, which removes solutions;
* the page sources offered for download (``_sources/``) are stripped of both;
* pages marked ``audience: trainer`` are not built at all (see :func:`learner_toc`).
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive

AUDIENCES = ("trainer", "learner")


def audience() -> str:
    value = os.environ.get("CRMKIT_AUDIENCE", "trainer").strip().lower()
    if value not in AUDIENCES:
        raise ValueError(f"CRMKIT_AUDIENCE 只能是 trainer 或 learner，收到 {value!r}")
    return value


class TrainerNote(Directive):
    """An admonition titled 教师指引 that exists only in the trainer build."""

    has_content = True

    def run(self):
        env = self.state.document.settings.env
        if env.config.crmkit_audience == "learner":
            return []
        note = nodes.admonition(classes=["trainer-note", "dropdown"])
        note += nodes.title(text="教师指引")
        self.state.nested_parse(self.content, self.content_offset, note)
        return [note]


SEARCH_TERMS = "book/search-terms.txt"


def _config_inited(app, config):
    config.crmkit_audience = audience()
    # Course terms for jieba, so that e.g. 客户价值 is indexed as one searchable word.
    terms = Path(app.srcdir) / SEARCH_TERMS
    if terms.is_file():
        config.html_search_options = {**(config.html_search_options or {}), "dict": str(terms)}
    if config.crmkit_audience == "learner":
        config.hide_solutions = True
    config.html_context = {**(config.html_context or {}),
                           "crmkit_audience": config.crmkit_audience}


def _strip_sources(app, exception):
    """Learner build: remove solutions and trainer notes from the downloadable sources."""
    if exception is not None or app.config.crmkit_audience != "learner":
        return
    from crmkit.learner import strip_file

    sources = Path(app.outdir) / "_sources"
    for path in sorted(sources.rglob("*")):
        if path.suffix in {".ipynb", ".md", ".txt"} and path.is_file():
            strip_file(path)


def _save_search_words(app, exception):
    """The words jieba cut in this build, kept for the next (see _fast_chinese_search)."""
    lang = getattr(getattr(app.builder, "indexer", None), "lang", None)
    if exception is None and hasattr(lang, "save_words"):
        lang.save_words()


def _stylesheets_before_the_pages(app, env) -> list[str]:
    """myst-nb and sphinx-exercise copy their stylesheets into ``_static`` when the build
    ends. A fresh build's pages then linked them without the checksum Sphinx adds to a file
    it finds there (``mystnb.….css`` instead of ``mystnb.….css?v=8cd3d715``), while a
    rebuild's pages had it: the same book gave other pages, and a browser could keep an old
    stylesheet after the site was rebuilt. Copied before the pages are written (by their
    own functions, which copy them again at the end), every build links them alike."""
    if app.builder.format == "html":
        from myst_nb.sphinx_ext import add_global_html_resources
        from sphinx_exercise import copy_asset_files

        (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        add_global_html_resources(app, None)
        copy_asset_files(app, None)
    return []  # no page to read again


def _polish(app, exception):
    """Lighter, quieter, accessible pages (see crmkit.pagepolish)."""
    if exception is not None or app.builder.format != "html":
        return
    from crmkit.bookbuild import build_cores
    from crmkit.pagepolish import polish_site

    # the pages shared out over the cores (0.75 s of one core here for the trainer book)
    polish_site(app.outdir, lite=Path(app.srcdir) / "_build" / "lite", jobs=build_cores())


def trainer_only(page: Path) -> bool:
    """A page marked ``audience: trainer`` is left out of the learner book.

    A MyST page says so in its front matter, a notebook in its metadata.
    """
    page = Path(page)
    if page.suffix == ".ipynb":
        import json

        meta = json.loads(page.read_text(encoding="utf-8")).get("metadata", {})
        return meta.get("audience") == "trainer"
    from crmkit.cases import front_matter

    return front_matter(page).get("audience") == "trainer"


def learner_toc(root: Path | str, out: Path | str) -> list[str]:
    """Write the learner edition's table of contents: ``_toc.yml`` minus trainer-only pages.

    Returns the entries left out. Parts that end up empty are dropped.
    """
    import yaml

    from crmkit import yamltext

    root = Path(root)
    toc = yamltext.load((root / "_toc.yml").read_text(encoding="utf-8"))
    dropped: list[str] = []

    def keep(entries):
        kept = []
        for entry in entries:
            page = next((root / f"{entry['file']}{ext}" for ext in (".md", ".ipynb")
                         if (root / f"{entry['file']}{ext}").is_file()), None)
            if page is not None and trainer_only(page):
                dropped.append(entry["file"])
                continue
            if "sections" in entry:
                entry = {**entry, "sections": keep(entry["sections"])}
                if not entry["sections"]:
                    entry.pop("sections")
            kept.append(entry)
        return kept

    toc["parts"] = [{**part, "chapters": keep(part["chapters"])} for part in toc["parts"]]
    toc["parts"] = [part for part in toc["parts"] if part["chapters"]]
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    return dropped


class CaseHeader(Directive):
    """``{case-header}``: a case page's header line (module, industry, skills, time, data
    files), drawn from the page's own ``case:`` front matter (crmkit.cases.header_parts)."""

    has_content = False

    def run(self):
        from crmkit.cases import case_info, header_parts
        from crmkit.errors import CrmkitError

        env = self.state.document.settings.env
        try:
            parts = header_parts(case_info(Path(env.doc2path(env.docname))))
        except CrmkitError as err:
            raise self.error(err.message) from None
        para = nodes.paragraph(classes=["crmkit-case-header"])
        for n, (label, pieces) in enumerate(parts):
            if n:
                para += nodes.Text("｜")
            para += nodes.strong(text=label)
            para += nodes.Text("：")
            for kind, text in pieces:
                para += nodes.literal(text=text) if kind == "file" else nodes.Text(text)
        return [para]


def _fast_chinese_search(words_file: Path | None = None):
    """Sphinx's Chinese search indexer with the Latin words it has seen kept in a set, and
    jieba's words kept from build to build in ``words_file``.

    Sphinx 7.4's ``SearchChinese`` appends every Latin word of every page to a list and
    tests each word against that list when stemming, which cost 13 s of a 40 s build here
    (quadratic in the size of the book). A set gives the same index at once.

    The learner book indexes text the trainer book has just indexed, and a rebuild text the
    last build indexed. Cutting it again cost the process that writes the index about 1 s
    of jieba here, after 0.6 s loading jieba's dictionary. The words of every block of
    text are kept in ``words_file`` (with the stemmer's answers), valid for the same jieba
    and stemmer versions and the same course terms; jieba and its dictionary are loaded only
    when a block comes that no build has cut. Same words, same index.
    """
    import json

    import snowballstemmer
    from sphinx.search import zh
    from sphinx.search.zh import SearchChinese

    class FastSearchChinese(SearchChinese):
        def init(self, options):
            # SearchChinese.init loads the course terms into jieba (see _jieba_ready)
            self.user_dict = options.get("dict")
            self.stemmer = snowballstemmer.stemmer("english")
            self.latin_terms = set()
            self.stems: dict[str, str] = {}
            self.blocks: dict[str, list[str]] = {}
            self.jieba_loaded = False
            self.key = self.kept = None
            if words_file is not None:
                self._load_words()

        def _jieba_ready(self) -> None:
            """jieba with the course terms, loaded on the first block to cut."""
            if not self.jieba_loaded:
                if self.user_dict and os.path.isfile(self.user_dict):
                    zh.jieba.load_userdict(self.user_dict)
                self.jieba_loaded = True

        def _words_key(self) -> str:
            import hashlib
            from importlib.metadata import version

            terms = ""
            if self.user_dict and os.path.isfile(self.user_dict):
                terms = Path(self.user_dict).read_text(encoding="utf-8")
            parts = [version("jieba") if zh.JIEBA else "", version("snowballstemmer"), terms]
            return hashlib.sha256("\0".join(parts).encode()).hexdigest()

        def _load_words(self) -> None:
            self.key = self._words_key()
            try:
                kept = json.loads(words_file.read_text(encoding="utf-8"))
                if kept["key"] == self.key:
                    self.blocks.update(kept["blocks"])
                    self.stems.update(kept["stems"])
            except (OSError, ValueError, KeyError, TypeError):
                pass  # none yet, or unreadable: cut again
            self.kept = (len(self.blocks), len(self.stems))

        def save_words(self) -> None:
            """Write the words for the next build, if this one cut or stemmed new ones."""
            if words_file is None or self.kept == (len(self.blocks), len(self.stems)):
                return
            from crmkit.io.files import atomic_file

            words_file.parent.mkdir(parents=True, exist_ok=True)
            with atomic_file(words_file) as tmp:
                tmp.write_text(json.dumps({"key": self.key, "blocks": self.blocks,
                                           "stems": self.stems}, ensure_ascii=False),
                               encoding="utf-8")
            self.kept = (len(self.blocks), len(self.stems))

        def stem(self, word: str) -> str:
            """SearchChinese.stem with the Snowball stemmer's answers kept: the trainer
            book asks for 100,000 words, 18,000 of them different (the stemmer took 2.8 s
            of the profiled build, in the process that also writes the index); same index."""
            lower = word.lower()
            stemmed = self.stems.get(lower)
            if stemmed is None:
                stemmed = self.stems[lower] = self.stemmer.stemWord(lower)
            # as Sphinx: a Latin word the stemmer would cut below 3 letters stays whole
            if word in self.latin_terms and len(word) >= 3 and len(stemmed) < 3:
                return lower
            return stemmed

        def split(self, input: str) -> list[str]:
            """SearchChinese.split with jieba's words kept per block of text.

            jieba cuts a text block by block (runs of Chinese, letters and digits, and what
            lies between them), each on its own: the same blocks come back often (42,000
            different ones in the trainer book's 92,000), and their words are looked up
            instead of cut again (1.8 -> 1.2 s here, in the process that writes the index
            and waits on no one); same words, same order."""
            chinese: list[str] = []
            if zh.JIEBA:
                known = self.blocks
                for block in zh.jieba.re_han_default.split(input):
                    if block:
                        words = known.get(block)
                        if words is None:
                            self._jieba_ready()
                            words = known[block] = list(zh.jieba.cut_for_search(block))
                        chinese += words
            latin1 = [term.strip() for term in self.latin1_letters.findall(input)]
            self.latin_terms.update(latin1)
            return chinese + latin1

    return FastSearchChinese


def setup(app):
    from crmkit import bookbuild

    if bookbuild.ACTIVE:  # built by `python -m crmkit.bookbuild` (make book-*)
        app.setup_extension("crmkit.bookbuild")
    app.setup_extension("crmkit.selfcheck.sphinx")
    app.setup_extension("crmkit.booknav")  # the sidebar's entries built once, not per page
    app.add_search_language(_fast_chinese_search(Path(app.srcdir) / bookbuild.SEARCH_WORDS))
    app.add_config_value("crmkit_audience", "trainer", "env")
    app.add_directive("trainer-note", TrainerNote)
    app.add_directive("case-header", CaseHeader)
    app.connect("config-inited", _config_inited, priority=900)
    app.connect("env-updated", _stylesheets_before_the_pages)
    app.connect("build-finished", _strip_sources)
    app.connect("build-finished", _save_search_words)
    app.connect("build-finished", _polish, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
