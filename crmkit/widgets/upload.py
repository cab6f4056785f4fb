"""Upload your own transaction file in a lab: the same loader, checks and messages as the CLI.

The uploaded bytes go to a temporary folder that is deleted straight after
reading; nothing is written to the learner's folder. A problem with the file
shows the same Chinese message as ``crmkit score``, in red; otherwise the
segment summary table appears.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import ipywidgets as w
import pandas as pd
from IPython.display import display

from crmkit.cli import UNEXPECTED
from crmkit.errors import CrmkitError
from crmkit.io.loader import check_as_of, load_transactions
from crmkit.io.report import score_customers
from crmkit.models.rfm import segment_summary
from crmkit.widgets.html import error_html

ROLE_NAMES = {"customer_id": "客户", "date": "日期", "amount": "金额"}


def _safe_name(filename: str) -> str:
    """Keep only the file's own name (a browser may send a path); never empty."""
    name = Path(str(filename).replace("\\", "/")).name.strip()
    return name or "上传的文件.csv"


class UploadScorer(w.VBox):
    """A file picker (.csv, .xlsx), a 脱敏 checkbox, a message line and the summary table.

    ``process(content, filename)`` does the work and can be called directly (as
    the tests do). Results stay in ``transactions``, ``segmented`` and ``summary``;
    ``error`` holds the Chinese message of the last failure, or None.
    """

    def __init__(self, mask: bool = False):
        self.upload = w.FileUpload(accept=".csv,.xlsx,.xls", multiple=False, description="选择文件")
        self.mask = w.Checkbox(value=mask, description="脱敏：遮盖姓名、手机号、证件号、卡号",
                               indent=False, layout=w.Layout(width="360px"))
        self.message = w.HTML("选择一份交易流水（.csv 或 .xlsx）：每行一笔交易，"
                              "要有客户、日期、金额三列。")
        self.out = w.Output()
        self.transactions: pd.DataFrame | None = None
        self.segmented: pd.DataFrame | None = None
        self.summary: pd.DataFrame | None = None
        self.error: str | None = None
        self._last: tuple[bytes, str] | None = None
        self.upload.observe(self._on_upload, names="value")
        self.mask.observe(self._on_mask, names="value")
        super().__init__([w.HBox([self.upload, self.mask]), self.message, self.out])

    def _on_upload(self, change) -> None:
        files = change["new"]
        if files:
            item = files[0]
            self.process(bytes(item["content"]), item["name"])

    def _on_mask(self, _change) -> None:
        if self._last is not None:
            self.process(*self._last)

    def _fail(self, text: str) -> None:
        self.transactions = self.segmented = self.summary = None
        self.error = text
        self.message.value = error_html(text)

    def process(self, content: bytes, filename: str) -> pd.DataFrame | None:
        """Load, check and score one uploaded file; return the segment summary or None."""
        self._last = (bytes(content), filename)
        self.out.clear_output()
        name = _safe_name(filename)
        try:
            with tempfile.TemporaryDirectory(prefix="crmkit-upload-") as folder:
                path = Path(folder) / name
                path.write_bytes(content)
                transactions = load_transactions(path, mask=self.mask.value)
            check_as_of(transactions)
            segmented = score_customers(transactions)
            summary = segment_summary(segmented)
        except CrmkitError as err:
            self._fail(err.message)
            return None
        except Exception as err:  # noqa: BLE001 - a message in red, never a traceback
            self._fail(UNEXPECTED.format(kind=type(err).__name__, detail=err))
            return None
        self.transactions, self.segmented, self.summary = transactions, segmented, summary
        self.error = None
        columns = "；".join(f"{ROLE_NAMES[role]} ← “{header}”"
                           for role, header in transactions.attrs["columns"].items())
        masked = "，已脱敏" if self.mask.value else ""
        self.message.value = html.escape(
            f"已读取 {name}：{len(transactions):,} 笔交易，{len(segmented):,} 位客户，"
            f"评估基准日 {segmented.attrs['as_of']:%Y-%m-%d}{masked}。列的对应：{columns}")
        with self.out:
            display(summary)
        return summary


def upload_scorer(mask: bool = False) -> UploadScorer:
    """Build the upload widget; display it as the last line of a cell."""
    return UploadScorer(mask)
