"""The files nhrp reads at run time: the bundled Iraq plan (``nhrp.yaml``, ``data/``), the JSON
Schemas (``schemas/``) and the report and site templates with their language catalogues
(``templates/``).

The repository's top-level folders are the single source. In a checkout this package holds
symbolic links to them; building a wheel or an sdist copies what they point to into the package
(``[tool.setuptools.package-data]`` in pyproject.toml), so an installed nhrp carries them and
finds them in this package's folder, as the import system locates it, wherever it is
installed. See ``nhrp.core.layout.bundled_root``.
"""
