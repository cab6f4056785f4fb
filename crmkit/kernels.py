"""Kernels that talk over Unix sockets in a folder of their own, not over TCP ports.

jupyter_client chooses a TCP kernel's five ports by binding each to port 0 and letting it
go; the kernel binds them a second or so later, once Python has started. In between, any
process on the machine may take one of them (an outgoing connection draws its source port
from the same range). The kernel then stops with "Address already in use" and its client
waits a minute for a reply that never comes. With three test workers, or two book editions
with two page workers each, starting kernels at the same moment, this failed a CI run once.

An ``ipc`` kernel's sockets are files named after its connection file. Each kernel here gets
a fresh folder for that file (and the folder goes when the kernel is shut down), so no two
kernels can ever want the same socket. Every kernel the kit starts itself uses these
managers: page execution (crmkit.bookexec) and myst-nb's own run of a page the cache lacks
(crmkit.bookbuild), lab and answer builds (crmkit.nbrun), nbval with crmkit.nbreuse, and
the page checker in tools/. The classroom hub's servers, which start their own kernels,
are told to use ``ipc`` too, with their sockets in a short folder of each server's
(:func:`server_socket_folder`): a class starts its kernels at the same moment as well.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from jupyter_client.connect import ConnectionFileMixin
from jupyter_client.manager import AsyncKernelManager, KernelManager
from traitlets import default

# A Unix socket's path has at most 103 bytes on macOS (107 on Linux). A kernel's sockets
# here are "<folder>/kernel-ipc-<n>", 13 bytes more than the folder; a Jupyter server's are
# "<folder>/kernel-<36-character id>-ipc-<n>", 50 bytes more.
KERNEL_SOCKET = 13
SERVER_SOCKET = 50
SOCKET_PATH_MAX = 103


def _temporary_root(folder_name: str, socket_name: int) -> str:
    """The temporary folder for a folder named ``folder_name`` whose sockets' names take
    ``socket_name`` bytes more; /tmp when the system's (TMPDIR) is too long for that."""
    root = tempfile.gettempdir()
    path = os.path.join(root, folder_name)
    return root if len(os.fsencode(path)) + socket_name <= SOCKET_PATH_MAX else "/tmp"


def server_socket_folder(key: str) -> Path:
    """A short folder, the same for the same ``key``, for a Jupyter server's connection
    files and kernel sockets (its JUPYTER_RUNTIME_DIR). Only the path: the caller makes it
    (see crmkit.classroom.hub.pre_spawn_hook)."""
    name = "crmkit-s-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return Path(_temporary_root(name, SERVER_SOCKET)) / name


class _OwnSocketFolder(ConnectionFileMixin):
    """Transport ``ipc``, and the connection file in a temporary folder of this kernel's
    (the sockets are named after it); the folder goes with the connection file."""

    @default("transport")
    def _ipc_transport(self) -> str:
        return "tcp" if os.name == "nt" else "ipc"  # (no Unix sockets for zmq on Windows)

    @default("connection_file")
    def _own_connection_file(self) -> str:
        if self.transport != "ipc":
            return ""  # jupyter_client's own choice
        # (mkdtemp's folder names are "crmkit-k-" and 8 characters)
        folder = tempfile.mkdtemp(prefix="crmkit-k-",
                                  dir=_temporary_root("crmkit-k-" + "x" * 8, KERNEL_SOCKET))
        return os.path.join(folder, "kernel.json")

    def cleanup_connection_file(self) -> None:
        """Called at shutdown (not at a restart, which keeps the sockets' names)."""
        folder = os.path.dirname(self.connection_file)
        super().cleanup_connection_file()
        if os.path.basename(folder).startswith("crmkit-k-"):
            shutil.rmtree(folder, ignore_errors=True)


class IpcKernelManager(_OwnSocketFolder, KernelManager):
    """jupyter_client's blocking kernel manager over Unix sockets (nbval uses this kind)."""


class AsyncIpcKernelManager(_OwnSocketFolder, AsyncKernelManager):
    """jupyter_client's asyncio kernel manager over Unix sockets (nbclient uses this kind)."""
