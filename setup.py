"""For ``scrapyd-deploy`` (and ``aggregator schedule``), which build eggs with ``setup.py bdist_egg``.

Everything else about the package is in pyproject.toml.
"""

from setuptools import setup

setup()
