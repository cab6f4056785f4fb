"""nbval with one kernel per worker: each notebook starts on a kernel put back as new.

nbval starts a kernel for every notebook, and a kernel start with the imports of pandas,
matplotlib and crmkit is most of what checking a short notebook costs. ``make
notebooks-check`` loads this plugin (``-p crmkit.nbreuse``): each pytest process keeps one
kernel and, before each notebook, puts it back the way the book's executor does
(crmkit.bookexec): every crmkit module the collected notebooks import was imported once
when the kernel started, and before each notebook the namespace, figures, widgets, pandas
options, matplotlib settings, warning filters and working folder are reset. The outputs are
still compared cell by cell against the saved ones, so a stale output still fails.

A kernel that nbval had to interrupt or stop (a cell timed out, the kernel died) is not
reused: the next notebook gets a new one. ``NBVAL_FRESH_KERNELS=1`` gives every notebook
a new kernel, as plain nbval does. Either way nbval's kernels use Unix sockets, not TCP
ports (crmkit.kernels says why).
"""

from __future__ import annotations

import os

import pytest

from crmkit.kernels import IpcKernelManager

_POOL: dict[str, object] = {}  # kernel name -> this process's nbval RunningKernel
_MODULES: list[str] = []


def _run(kernel, code: str, timeout: float = 120) -> None:
    """Run ``code`` silently on nbval's kernel; its messages are read here, not by a cell."""
    msg_id = kernel.kc.execute(code, silent=True, store_history=False)
    while True:
        reply = kernel.kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    kernel.await_idle(msg_id, timeout)
    if reply["content"]["status"] != "ok":
        raise RuntimeError("\n".join(reply["content"].get("traceback", [])))


def _kernel_for(original):
    def start(kernel_name, cwd=None, startup_timeout=60):
        from crmkit.bookexec import PREWARM, RESET

        kernel = _POOL.pop(kernel_name, None)
        if kernel is not None and kernel.is_alive():
            try:
                _run(kernel, RESET.format(folder=cwd))
                _POOL[kernel_name] = kernel
                return kernel
            except Exception:  # noqa: BLE001 - a kernel that cannot reset is replaced
                kernel.stop()
        kernel = original(kernel_name, cwd=cwd, startup_timeout=startup_timeout)
        _run(kernel, PREWARM.format(modules=_MODULES))
        _run(kernel, RESET.format(folder=cwd))
        _POOL[kernel_name] = kernel
        return kernel

    return start


def pytest_configure(config) -> None:
    if not config.getoption("nbval", False):
        return
    from nbval import kernel, plugin

    # nbval's kernels talk over Unix sockets too, as every kernel the kit starts (crmkit.kernels)
    kernel.KernelManager = IpcKernelManager
    if os.environ.get("NBVAL_FRESH_KERNELS") == "1":
        return

    plugin.RunningKernel = _kernel_for(plugin.RunningKernel)
    teardown = plugin.IPyNbFile.teardown

    def keep_for_next(self):
        """nbval stops the notebook's kernel here; a healthy one stays for the next."""
        kernel = self.kernel
        if kernel in _POOL.values() and kernel.is_alive() and not self.timed_out:
            return
        _POOL.pop(next((k for k, v in _POOL.items() if v is kernel), None), None)
        teardown(self)

    plugin.IPyNbFile.teardown = keep_for_next


def pytest_collection_finish(session) -> None:
    """The crmkit modules the collected notebooks import, for the kernel to import first."""
    from crmkit.bookexec import _imports

    notebooks = {id(nb): nb for nb in (getattr(item.parent, "nb", None)
                                       for item in session.items) if nb is not None}
    _MODULES[:] = _imports(list(notebooks.values()))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus) -> None:
    while _POOL:
        _, kernel = _POOL.popitem()
        if kernel.is_alive():
            kernel.stop()
