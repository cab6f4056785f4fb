# 培训班的 JupyterHub 配置：`crmkit classroom start`（或 `make classroom`）用它启动。
# The class's JupyterHub configuration, read by `crmkit classroom start`.
#
# 班级设置（学员名单、密码、端口）由 start 命令写进 _build/classroom/settings.json，
# 这里读回来；要改名单或人数，用 start 的参数，不必改本文件。
# - 登录：全班一个共同密码（学员），培训师用户名 trainer，另有一个长密码；
# - 每位学员一个自己的文件夹（_build/classroom/homes/登录名），第一次登录时把课程复制进去
#   （nbgitpuller：以后更新课程只补新内容，学员改过的文件保留）；
# - 打开后直接进入起始笔记本，界面是中文；学员检查的答案存进自己文件夹，培训师实时汇总；
# - 每个人只能打开自己的服务器和文件（网页上）；同一台机器上的进程仍是同一个系统用户，
#   要在系统层面隔离，见 classroom/kubernetes/（Zero to JupyterHub）。

import os
import sys
from pathlib import Path

from crmkit.classroom.hub import (
    TRAINER,
    load_settings,
    pre_spawn_hook,
    singleuser_args,
    singleuser_command,
)

c = get_config()  # noqa: F821  (JupyterHub defines it)
settings = load_settings()
state = Path(settings.state).resolve()

c.JupyterHub.ip = settings.ip
c.JupyterHub.port = settings.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.hub_port
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every trainee's server

c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
c.ConfigurableHTTPProxy.command = settings.proxy_command
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

# 登录：共同密码；培训师是管理员
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = settings.password
c.SharedPasswordAuthenticator.admin_password = settings.trainer_password
c.Authenticator.allowed_users = set(settings.trainees) | {TRAINER}
c.Authenticator.admin_users = {TRAINER}

# 每人一个文件夹，同一台机器上的进程
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(state / "homes" / "{username}")
c.Spawner.cmd = singleuser_command()
c.Spawner.default_url = f"/lab/tree/{settings.landing}"
c.Spawner.pre_spawn_hook = pre_spawn_hook
c.Spawner.environment = {"MPLCONFIGDIR": str(state / "mplconfig"),
                         "JUPYTER_PLATFORM_DIRS": "1",
                         "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# 内核用 Unix 套接字通信（不用 TCP 端口：全班同时启动内核时，端口可能被别的进程抢走）；
# 以 root 运行时加 --allow-root
c.Spawner.args = singleuser_args()
