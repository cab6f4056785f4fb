"""crmkit.kernels: the kit's kernels talk over Unix sockets in a folder of their own."""

from __future__ import annotations

import os
import tempfile

import nbformat

from crmkit import nbrun
from crmkit.kernels import AsyncIpcKernelManager, IpcKernelManager

# what a cell sees of its own kernel: the transport, and the folder its sockets are in
SOCKETS = ("import os\nfrom ipykernel.kernelapp import IPKernelApp\n"
           "app = IPKernelApp.instance()\n"
           "folder = os.path.dirname(app.ip)\n"
           "print(app.transport, folder, sorted(os.listdir(folder)))")


def test_a_notebooks_kernel_uses_sockets_in_a_folder_that_goes_with_it(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(SOCKETS), nbformat.v4.new_code_cell("print(os.getcwd())")])
    nbrun.execute(nb, tmp_path)
    transport, folder, files = nb.cells[0].outputs[0]["text"].split(" ", 2)
    assert transport == "ipc"
    assert os.path.basename(folder).startswith("crmkit-k-")
    assert files.strip() == str(["kernel-ipc-1", "kernel-ipc-2", "kernel-ipc-3", "kernel-ipc-4",
                                 "kernel-ipc-5", "kernel.json"])
    assert nb.cells[1].outputs[0]["text"] == f"{tmp_path}\n"  # still run in its folder
    assert not os.path.exists(folder)  # shut down: sockets, connection file and folder gone


def test_each_kernel_has_its_own_folder_and_a_given_connection_file_is_left_where_it_is(
        tmp_path):
    managers = [IpcKernelManager(), AsyncIpcKernelManager(), IpcKernelManager()]
    folders = [os.path.dirname(km.connection_file) for km in managers]
    assert len(set(folders)) == 3
    assert all(km.transport == "ipc" and km.ip == km.connection_file[:-5] + "-ipc"
               for km in managers)
    for km, folder in zip(managers, folders, strict=True):
        km.cleanup_connection_file()
        assert not os.path.exists(folder)
    given = tmp_path / "kernel.json"
    given.write_text("{}", encoding="utf-8")
    km = IpcKernelManager(connection_file=str(given))
    km._connection_file_written = True  # as after a start
    km.cleanup_connection_file()
    assert not given.exists() and tmp_path.is_dir()  # the file goes, the user's folder stays


def test_a_long_temporary_folder_is_not_used_for_sockets(tmp_path, monkeypatch):
    long = tmp_path / ("很长的临时文件夹" * 4)
    long.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(long))
    km = IpcKernelManager()
    folder = os.path.dirname(km.connection_file)
    try:
        assert os.path.dirname(folder) == "/tmp" and list(long.iterdir()) == []
        assert len(os.fsencode(km.ip + "-5")) < 100
    finally:
        km.cleanup_connection_file()
    assert not os.path.exists(folder)
