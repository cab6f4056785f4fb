"""The ``crmkit`` command: score or mask a learner's own file, run a role-play scenario.

    crmkit score 交易流水.csv --out 结果 [--as-of 2024-12-31] [--mask] [--force]
    crmkit mask 客户名单.xlsx --out 客户名单_脱敏.xlsx [--salt 口令] [--force]
    crmkit mask 客户名单.xlsx --check
    crmkit scenario ...      (handed to crmkit.roleplay.cli when it is installed)
    crmkit classroom ...     (start, stop, status; stage, pull, kube-values, kube-check,
                             image-check for Kubernetes: crmkit.classroom.cli)

Exit status: 0 done; 2 a problem with the input or the arguments (one Chinese
message says what to do); 1 an unexpected error (a Chinese message asks the
user to report it); 130 cancelled with Ctrl-C. Never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from pathlib import Path

from crmkit.errors import CrmkitError

PROG = "crmkit"
UNEXPECTED = ("crmkit 遇到了一个意料之外的问题（{kind}: {detail}）。这多半不是你的操作问题："
              "请把这条消息、所用的命令和出问题的文件（如可以，先用 crmkit mask 脱敏）"
              "一起反馈给课程维护者。")
NO_ROLEPLAY = ("角色扮演模块（crmkit.roleplay）没有安装，无法运行 crmkit scenario。"
               "处理办法：确认用的是完整的课程包，并在课程包目录里重新安装：pip install -e .")

# argparse's own English messages, in Chinese.
_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.+)", "缺少必填的参数：{0}"),
    (r"unrecognized arguments: (.+)", "不认识的参数：{0}"),
    (r"argument (.+?): invalid choice: '?(.+?)'? \(choose from (.+)\)",
     "{0} 没有“{1}”这个选项，可选的有：{2}"),
    (r"argument (.+?): expected one argument", "{0} 后面要跟一个值"),
    (r"argument (.+?): ignored explicit argument '?(.+?)'?", "{0} 不需要值，却给了“{1}”"),
    (r"argument (.+?): not allowed with argument (.+)", "{0} 和 {1} 不能同时使用"),
]


def _chinese(message: str) -> str:
    for pattern, template in _ARGPARSE_MESSAGES:
        match = re.fullmatch(pattern, message)
        if match:
            return template.format(*match.groups())
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings, help and error messages (exit status 2)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示这段帮助并退出")

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：参数有误：{_chinese(message)}。"
                     f"查看用法：{self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="客户分析·维护·营销实训课程包的命令行工具：给自己的客户"
                     "交易流水做 RFM 评分、给客户文件脱敏、运行角色扮演情景。")
    commands = parser.add_subparsers(dest="command", title="子命令", metavar="命令",
                                     parser_class=_Parser)

    score = commands.add_parser(
        "score", help="读取交易流水（CSV 或 XLSX），做 RFM 评分和客户分群，写出 Excel 报告",
        description="读取一份交易流水（每行一笔交易：客户、日期、金额），计算每位客户的 R、F、M，"
                    "打分并分成八个客户群，把 report.xlsx 和 scores.csv 写进 --out 指定的文件夹。")
    score.add_argument("file", metavar="文件", help="交易流水文件，.csv、.xlsx 或旧版 .xls")
    score.add_argument("--out", required=True, metavar="文件夹",
                       help="报告写到这个新文件夹（不存在会新建）")
    score.add_argument("--as-of", metavar="日期",
                       help="评估基准日，例如 2024-12-31；不给时取最后一笔交易的次日")
    score.add_argument("--mask", action="store_true",
                       help="读入时先脱敏：姓名、电话、证件号、卡号、邮箱、门牌号遮盖，客户名换成化名")
    score.add_argument("--salt", metavar="口令",
                       help="生成化名用的盐值；真实客户数据请给一个只有你知道的词")
    score.add_argument("--force", action="store_true",
                       help="输出文件夹里是上次生成的报告时，整个替换它")
    score.add_argument("--sheet", metavar="工作表",
                       help="工作簿里要读的工作表名；不给时读第一个有客户、日期、金额三列的工作表")
    score.add_argument("--currency", metavar="币种",
                       help="文件有币种列且不全是人民币时，只给这一种币种的交易评分，"
                            "例如 人民币、USD")
    score.add_argument("--flow", choices=["贷方", "借方", "双向"],
                       help="金额分在借方、贷方两列时用哪一列："
                            "贷方（转入）、借方（转出）或双向（两列相加）")
    progress = score.add_mutually_exclusive_group()
    progress.add_argument("--progress", dest="progress", action="store_const", const=True,
                          default=None, help="大文件（5 万行以上）一定显示进度条")
    progress.add_argument("--no-progress", dest="progress", action="store_const", const=False,
                          help="不显示进度条（默认只在终端里显示）")
    score.set_defaults(run=_score)

    mask = commands.add_parser(
        "mask", help="给客户文件脱敏（姓名、手机号、固定电话、证件号、银行卡号、邮箱、门牌地址），"
                     "另存为新文件",
        description="遮盖文件里的个人信息后另存为新文件，原文件不会被改动。"
                    "姓名只留姓，手机号留前 3 位和后 4 位，固定电话留区号和后 4 位，"
                    "身份证号（18 位和旧的 15 位）留前 3 位和后 4 位，银行卡号和账号只留后 4 位，"
                    "邮箱只留首字母和域名，门牌地址只留路名或小区名；作为客户列的姓名换成稳定的化名。"
                    "先用 --check 看一看哪些单元格脱敏后仍像个人信息。")
    mask.add_argument("file", metavar="文件", help="要脱敏的文件，.csv 或 .xlsx")
    mask.add_argument("--out", metavar="新文件",
                      help="脱敏后的文件名，.csv 或 .xlsx；不能和原文件相同（--check 时不用）")
    mask.add_argument("--check", action="store_true",
                      help="只检查、不写文件：列出将要遮盖的个数，以及脱敏后仍像个人信息的单元格位置"
                           "（有这样的单元格时退出码为 1）")
    mask.add_argument("--salt", metavar="口令",
                      help="生成化名用的盐值；真实客户数据请给一个只有你知道的词")
    mask.add_argument("--force", action="store_true", help="新文件已经存在时覆盖它")
    mask.add_argument("--sheet", metavar="工作表",
                      help="只脱敏工作簿里的这一个工作表；不给时每个工作表都脱敏（输出要用 .xlsx）")
    mask.set_defaults(run=_mask)

    commands.add_parser("scenario", help="运行角色扮演情景（参数见 crmkit scenario --help）")
    commands.add_parser("classroom", help="为全班开一个 JupyterHub（start、stop、status；"
                        "Kubernetes 用 kube-values、kube-check、image-check）")
    return parser


def _score(args: argparse.Namespace) -> int:
    from crmkit.io.files import check_output_dir
    from crmkit.io.loader import check_as_of, load_transactions, read_notes
    from crmkit.io.progress import wants_progress
    from crmkit.io.report import (
        REPORT_FILES,
        REPORT_NAME,
        SCORES_NAME,
        score_customers,
        write_report,
    )
    from crmkit.io.values import parse_date
    from crmkit.models.rfm import segment_summary

    source, out = Path(args.file), Path(args.out)
    check_output_dir(out, args.force, REPORT_FILES)
    if source.exists() and out.resolve() in source.resolve().parents:
        raise CrmkitError("输入文件就在输出文件夹里，生成报告会把它删掉", file=str(source),
                          hint="用 --out 另给一个文件夹")
    as_of = parse_date(args.as_of, "评估基准日（--as-of）") if args.as_of else None
    transactions = load_transactions(source, mask=args.mask, salt=args.salt,
                                     progress=args.progress, sheet=args.sheet,
                                     currency=args.currency, flow=args.flow)
    check_as_of(transactions, as_of)
    if wants_progress(len(transactions), args.progress):
        print("正在计算 R、F、M 并写出 Excel 报告，大文件要稍等一会儿……", file=sys.stderr)
    segmented = score_customers(transactions, as_of)
    summary = segment_summary(segmented)
    write_report(out, transactions, segmented, summary, as_of_given=as_of, force=args.force)

    first, last = transactions["date"].min(), transactions["date"].max()
    counts = "、".join(f"{name} {count}" for name, count in summary["客户数"].items())
    print(f"已读取 {transactions.attrs['file']}：{len(transactions):,} 笔交易，"
          f"{len(segmented):,} 位客户（{first:%Y-%m-%d} 至 {last:%Y-%m-%d}）。")
    print(f"评估基准日：{segmented.attrs['as_of']:%Y-%m-%d}。各客户群人数：{counts}。")
    for item, text, problem in read_notes(transactions):
        print(f"{'注意：' if problem else ''}{item}：{text}。")
    print(f"报告已写入 {out / REPORT_NAME} 和 {out / SCORES_NAME}。")
    return 0


def _mask(args: argparse.Namespace) -> int:
    from crmkit.io.mask import DEFAULT_SALT, check_file, mask_file

    salt = DEFAULT_SALT if args.salt is None else args.salt
    if args.check:
        if args.out:
            raise CrmkitError("--check 只检查、不写文件，不需要 --out",
                              hint="去掉 --out 再检查；要写出脱敏文件时去掉 --check")
        report = check_file(args.file, salt=salt, sheet=args.sheet)
        print("\n".join(report.lines()))
        return 1 if report.left else 0
    if not args.out:
        raise CrmkitError("缺少 --out：脱敏后的文件写到哪里",
                          hint="例如 crmkit mask 客户名单.xlsx --out 客户名单_脱敏.xlsx；"
                               "只想先检查，用 --check")
    counts = mask_file(args.file, args.out, salt=salt, force=args.force, sheet=args.sheet)
    print(f"已脱敏（按不同的值计）：{counts.describe()}。")
    print(f"结果已写入 {args.out}，原文件 {args.file} 没有改动。")
    if args.salt is None and counts.pseudonyms:
        print("提示：化名用的是公开的默认盐值，别人可以拿猜测的姓名算出同样的化名；"
              "真实客户数据请加上 --salt 和一个只有你知道的词。")
    return 0


def _scenario(argv: list[str]) -> int:
    try:
        roleplay_cli = importlib.import_module("crmkit.roleplay.cli")
    except ModuleNotFoundError as err:
        if (err.name or "").startswith("crmkit.roleplay"):
            print(NO_ROLEPLAY, file=sys.stderr)
            return 2
        raise
    return int(roleplay_cli.main(argv) or 0)


def _tolerant_streams() -> None:
    """A console that cannot show a character prints '?' instead of crashing."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of raising."""
    _tolerant_streams()
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if argv[:1] == ["scenario"]:
            return _scenario(argv[1:])
        if argv[:1] == ["classroom"]:
            from crmkit.classroom.cli import main as classroom

            return classroom(argv[1:])
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return 2
        return args.run(args)
    except CrmkitError as err:
        print(err.message, file=sys.stderr)
        return 2
    except SystemExit as stop:  # argparse after --help (0) or a wrong argument (2)
        return stop.code if isinstance(stop.code, int) else 2
    except KeyboardInterrupt:
        print("已取消，没有写出任何文件。", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - the learner gets a message, not a traceback
        print(UNEXPECTED.format(kind=type(err).__name__, detail=err), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
