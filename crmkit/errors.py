"""One error type for everything a learner can cause.

The message is Chinese and says what went wrong and what to do; the CLI and
widgets print it instead of a traceback.
"""


class CrmkitError(ValueError):
    """A problem with the learner's input, explained in Chinese."""

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None, hint: str | None = None):
        self.file, self.row, self.column, self.hint = file, row, column, hint
        where = []
        if file:
            where.append(f"文件 {file}")
        if row is not None:
            where.append(f"第 {row} 行")
        if column:
            where.append(f"“{column}”列")
        text = ("，".join(where) + "：" if where else "") + message
        if hint:
            text += f"。处理办法：{hint}"
        self.message = text
        super().__init__(text)
