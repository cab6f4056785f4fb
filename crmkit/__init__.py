"""crmkit: the code behind the 客户分析·维护·营销 course kit.

Models never import widgets; widgets call models; notebooks call both.
"""

from crmkit.errors import CrmkitError

__all__ = ["CrmkitError"]
__version__ = "0.1.0"
