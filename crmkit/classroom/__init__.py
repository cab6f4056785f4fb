"""The classroom: one JupyterHub serving the whole class from the trainer's machine.

See :mod:`crmkit.classroom.cli` (start, stop, status), :mod:`crmkit.classroom.course`
(the course trainees pull), :mod:`crmkit.classroom.hub` (settings and the spawn hook) and
:mod:`crmkit.classroom.results` (the trainer's live view).
"""
