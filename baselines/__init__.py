"""Kroniek's baseline systems, installed as ``kroniek_baselines``.

One module each, behind the interface of :mod:`kroniek.system`; each module registers
its classes, and the package's entry points (group ``kroniek.system``) make them known
to :func:`kroniek.system.names`. The folder is ``baselines/`` in the repository and
``kroniek_baselines`` once installed, a name that cannot clash with another package's.
"""
