"""Running a course notebook the one way every build does: in its own folder, with widget
state saved (the offline pages draw widgets from it) and no execution timestamps (they
would make every re-run a diff of its own)."""

from __future__ import annotations

from pathlib import Path


def strip_timing(nb) -> None:
    """Drop the per-cell execution timestamps nbclient and JupyterLab record."""
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)


def execute(nb, folder: Path | str, timeout: int = 600) -> None:
    """Run every cell of ``nb`` with the working directory ``folder``, in place."""
    from nbclient import NotebookClient

    from crmkit.kernels import AsyncIpcKernelManager

    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   kernel_manager_class=AsyncIpcKernelManager, store_widget_state=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    strip_timing(nb)
