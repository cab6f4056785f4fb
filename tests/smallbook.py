"""A small Jupyter Book's configuration and a MyST page with one code cell, for the tests
that run the book's executor (tests/unit/test_bookexec.py) or its build command
(tests/system/test_book_command.py) on a book of their own."""

CONFIG = """\
title: t
execute:
  execute_notebooks: cache
  cache: _build/.jupyter_cache
  timeout: 60
parse:
  myst_enable_extensions: [colon_fence, dollarmath]
"""

# PAGE.format(code=...): a page with a note block and one code cell
PAGE = """\
---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
# 页

:::{{note}}
说明
:::

```{{code-cell}} ipython3
{code}
```
"""
