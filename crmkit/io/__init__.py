"""A learner's own customer file: read it, mask personal data, write the RFM report.

Models never import this package; the CLI (``crmkit score`` / ``crmkit mask``)
and the upload widget both go through the same loader, checks and messages.
"""

from crmkit.io.loader import check_as_of, load_transactions
from crmkit.io.mask import DEFAULT_SALT, mask_file, mask_name, mask_table, mask_text, pseudonym
from crmkit.io.report import write_report
from crmkit.io.table import read_table
from crmkit.io.values import parse_date

__all__ = ["DEFAULT_SALT", "check_as_of", "load_transactions", "mask_file", "mask_name",
           "mask_table", "mask_text", "parse_date", "pseudonym", "read_table", "write_report"]
