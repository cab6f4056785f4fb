"""crmkit.serve: the book served like a static host, gzip for text, bytes unchanged."""

from __future__ import annotations

import gzip
import urllib.request

from crmkit.serve import main, start


def fetch(url: str, gzip_ok: bool) -> tuple[dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip" if gzip_ok else ""})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return dict(reply.headers), reply.read()


def test_text_is_gzipped_when_asked_and_images_are_not(tmp_path):
    page = "<html><body>" + "客户价值" * 500 + "</body></html>"
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    server = start(tmp_path)
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        headers, body = fetch(base + "/", gzip_ok=True)
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body).decode("utf-8") == page and len(body) < len(page) / 5
        headers, body = fetch(base + "/index.html", gzip_ok=False)
        assert "Content-Encoding" not in headers and body.decode("utf-8") == page
        headers, body = fetch(base + "/chart.png", gzip_ok=True)
        assert "Content-Encoding" not in headers and body.startswith(b"\x89PNG")
    finally:
        server.shutdown()
        server.server_close()


def test_missing_book_gets_a_chinese_message(tmp_path, capsys):
    assert main([str(tmp_path / "nothing"), "--port", "0"]) == 2
    assert "make book-learner" in capsys.readouterr().out
