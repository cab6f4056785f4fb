"""What the role-play player and the drill player share on the page side: the element a
player mounts on, the data files it reads (``<name>.json``, and ``<name>.js`` for pages
opened from ``file://``), the static files copied beside them, and the Sphinx hooks that
load those files only on pages that hold a player and print a note in other builders.

Each player is one :class:`Player`; :mod:`crmkit.roleplay.compile` and
:mod:`crmkit.roleplay.drill_web` describe theirs, the two Sphinx extensions use them.
"""

from __future__ import annotations

import html
import json
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

PLAYER_DIR = Path(__file__).with_name("player")
COMMON_FILES = ("common.css", "common.js")   # loaded before either player's own files


def to_json(data: dict) -> str:
    """Stable JSON text of compiled data (UTF-8, keys in insertion order)."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True)
class Player:
    """One JavaScript player: where its files sit and how a page points it at its data."""

    css_class: str      # the element it mounts on: <div class="crmkit-roleplay">
    prefix: str         # its CSS class prefix (crp, crd)
    url_attr: str       # attribute holding the JSON's URL
    name_attr: str      # attribute holding the data's name
    global_name: str    # the window object the <name>.js files fill
    files: tuple[str, ...]   # its own script and style, in PLAYER_DIR
    static_dir: str     # _static/<static_dir>/ in the book
    defer: bool = False

    def html(self, name: str, base: str | None, waiting: str, waiting_notebook: str,
             noscript: str, data_dir: Path | None = None) -> str:
        """The element the player mounts on, with a text shown until it does. ``base`` is
        the URL of the data folder relative to the page; without it (a notebook output)
        the player finds the data next to its own script. With ``data_dir`` (the folder
        ``base`` points to, already written) each data URL carries the file's checksum as
        Sphinx writes it for a script (``?v=…``): a browser fetches changed data again."""
        def url(file: str) -> str:
            path = None if data_dir is None else Path(data_dir) / file
            if path is None or not path.is_file():
                return f"{base}{file}"
            return f"{base}{file}?v={zlib.crc32(path.read_bytes()):08x}"

        source = f' {self.url_attr}="{html.escape(url(name + ".json"))}"' \
            if base is not None else ""
        script = f'\n<script src="{html.escape(url(name + ".js"))}"></script>' \
            if base is not None else ""
        name = html.escape(name)
        text = waiting if base is not None else waiting_notebook
        return (f'<div class="{self.css_class}"{source} {self.name_attr}="{name}">'
                f'<p class="{self.prefix}-loading">{text}</p>'
                f"<noscript>{noscript}</noscript></div>{script}\n")

    def to_js(self, name: str, data: dict) -> str:
        """The data as a script that registers it, for pages opened from file://."""
        payload = json.dumps(data, ensure_ascii=False)
        return (f"(window.{self.global_name} = window.{self.global_name} || {{}})"
                f"[{json.dumps(name)}] = {payload};\n")

    def write(self, name: str, data: dict, out_dir: str | Path) -> list[Path]:
        """Write ``<name>.json`` and ``<name>.js`` into ``out_dir``; return the two paths."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / f"{name}.json", out / f"{name}.js"]
        paths[0].write_text(to_json(data), encoding="utf-8")
        paths[1].write_text(self.to_js(name, data), encoding="utf-8")
        return paths

    def copy_files(self, out_dir: str | Path) -> list[Path]:
        """Copy the shared files and the player's own into ``out_dir``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        return [Path(shutil.copyfile(PLAYER_DIR / f, out / f))
                for f in (*COMMON_FILES, *self.files)]

    # --------------------------------------------------------------- Sphinx hooks

    def page_assets(self, app, doctree, context, node_class) -> None:
        """Load the player's files on a page that holds one (a directive's node, or a
        notebook output carrying the element), and only there."""
        if app.builder.format != "html" or doctree is None:
            return
        if (next(iter(doctree.findall(node_class)), None) is None
                and f'class="{self.css_class}"' not in context.get("body", "")):
            return
        extra = {"loading_method": "defer"} if self.defer else {}
        for name in (*COMMON_FILES, *self.files):
            if name.endswith(".css"):
                app.add_css_file(f"{self.static_dir}/{name}")
            else:
                app.add_js_file(f"{self.static_dir}/{name}", **extra)

    def data_dir(self, translator) -> Path:
        """Where the book keeps the player's data (written before the pages)."""
        return Path(translator.builder.outdir) / "_static" / self.static_dir

    def base_url(self, translator) -> str:
        """The data folder's URL relative to the page being written."""
        from sphinx.util.osutil import relative_uri

        here = translator.builder.get_target_uri(translator.builder.current_docname)
        return relative_uri(here, f"_static/{self.static_dir}/")


def replace_outside_html(app, doctree, node_class, note) -> None:
    """In builders other than HTML, put a one-line note (``note(node)``) where a player
    would be."""
    from docutils import nodes

    if app.builder.format == "html":
        return
    for node in list(doctree.findall(node_class)):
        node.replace_self(nodes.paragraph(text=note(node)))
