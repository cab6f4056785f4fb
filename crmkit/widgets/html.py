"""What every widget shows the same way: escaped text, a learner's mistake in red, and the
three colours for good, warning and error."""

from __future__ import annotations

import html

from crmkit.errors import CrmkitError

ERROR_COLOR, WARN_COLOR, GOOD_COLOR = "#b2182b", "#e08214", "#1b7837"


def esc(text: object) -> str:
    """Text made safe for an HTML widget."""
    return html.escape(str(text))


def error_html(err: CrmkitError | str) -> str:
    """A learner's mistake as one red line: the Chinese message, never a traceback."""
    message = err.message if isinstance(err, CrmkitError) else err
    return f'<span style="color:{ERROR_COLOR}">{esc(message)}</span>'
