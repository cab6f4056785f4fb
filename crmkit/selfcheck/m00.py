"""Module 0 (课程导引) self-check items: finding one's way around the kit.

Six short questions on the guide and the start-here notebook, then two warm-up
items that practise the two answer formats the later modules use: a number and a
list of customer ids, both computed from the chapter 7 worked example.
"""

from __future__ import annotations

from crmkit.data import worked_example
from crmkit.selfcheck.core import choice, members, number

choice(
    "0.1", "A", {
        "A": "模块一讲宏观、区域、要素密集度、市场结构和生命周期，"
             "回答的正是“这个行业值不值得做、风险在哪里”",
        "B": "模块三回答“哪些客户值得开发”，看的是单个客户的价值和需求，不是整个行业",
        "C": "模块四回答“客户说的是不是真的”，核实的是这一家企业，行业判断要先在模块一做好",
        "D": "模块七讲存量客户怎么维护、怎么做深，不讲行业前景",
    },
    hint="对照课程导引里“课程结构”一表的“解决的问题”一栏",
    skills=["课程导航", "概念"])

choice(
    "0.2", "C", {
        "A": "这是给新入职对公客户经理的路线，行业、拓展和调查三块对零售条线帮助有限",
        "B": "这是给企业大客户销售团队的路线，从复杂销售入手，不适合以个人客户为主的岗位",
        "C": "零售和财富条线的核心是分层经营和防流失：先学客户识别，"
             "再学关系维护，最后练营销话术",
        "D": "从头读到尾最费时间；课程导引明确说八个模块不必依次读完，按岗位挑路线更有效",
    },
    hint="课程导引“按岗位选择学习路线”一节为零售、财富条线单独列了一条路线",
    skills=["学习路线", "判断"])

choice(
    "0.3", "A", {
        "A": "网页书离线可读，图表和控件的初始状态都在页面里；"
             "重新计算要有运行中的 Python 内核",
        "B": "网页书里没有运行中的内核，拖动滑块不会触发重新计算",
        "C": "网页书不联网也能打开，这正是它适合在培训教室里使用的原因",
        "D": "章节末尾的自测答案写在页面里，点开即可，不需要内核",
    },
    hint="想一想：拖动滑块之后，是谁在重新计算？网页本身能不能算？",
    skills=["运行环境", "概念"])

choice(
    "0.4", "B", {
        "A": "make book-trainer 生成的是教师版，含教师指引和全部参考答案，不能发给学员",
        "B": "make book-learner 生成学员版，教师指引和参考答案已从页面、搜索和源文件里整段去掉",
        "C": "make start 用来在本机准备环境、打开 JupyterLab，不是生成发给学员的网页书",
        "D": "页面源文件里仍然有答案，“请学员别看”挡不住好奇心，应当发学员版",
    },
    hint="教师版和学员版各有一条命令，区别在于是否包含教师指引和参考答案",
    skills=["培训组织", "概念"])

choice(
    "0.5", "D", {
        "A": "行业分析和客户拓展离学员每天的客户对话较远，一天版不建议从这两块开始",
        "B": "模块四、五偏重调查和复杂项目，一天里学员很难当天用上",
        "C": "只讲不练，学员带不走方法；课程包的节奏是讲、做、议三段结合",
        "D": "邀约、开场和异议处理，加上价值矩阵实验和一个案例，最贴近客户经理每天的工作",
    },
    hint="课程导引的日程表下面有一个提示框，专门说时间紧张时怎样压缩成一天",
    skills=["培训组织", "判断"])

choice(
    "0.6", "B", {
        "A": "实验里的客户数据是合成的，不来自任何真实机构的客户，“脱敏后引用”无从谈起",
        "B": "数据由固定随机种子生成，全班结果完全一致，便于对答案；"
             "但它是合成数据，不能当作行业统计引用",
        "C": "同样的参数和种子每次都给出同样的数据，结果不会随运行次数变化",
        "D": "合成数据仍然能练方法：框架和计算步骤都是真的，只是数字不代表任何真实机构",
    },
    hint="想一想数据是怎么来的：同一个种子会不会给出不同的结果？数字能不能代表某家银行？",
    skills=["数据使用", "概念"])

number(
    "0.7", lambda: float(worked_example()["contribution"].sum()), 0.01,
    hint="把 8 户的 contribution 列加起来，可以用 example[\"contribution\"].sum()",
    unit=" 万元", skills=["作答方式", "计算"])


def _negative_growth():
    example = worked_example()
    return example.loc[example["growth"] < 0, "customer_id"]


members("0.8", _negative_growth,
        hint="筛出 growth 小于 0 的行，再取 customer_id 列",
        skills=["作答方式", "编程"])
