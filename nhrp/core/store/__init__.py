"""The plan store: the only place that reads plan files and git, caches per-file results and
loads a plan (see docs/architecture.md).

- :mod:`.git` runs git (the only module that does);
- :mod:`.sources` the working tree and a git revision behind one interface;
- :mod:`.cache` the cache folder, its fingerprint and its safe file formats;
- :mod:`.files` per-file results of the working tree, kept between runs;
- :mod:`.memo` whole results kept while nothing changed;
- :mod:`.revision` the repository, its commits and the plan at a revision;
- :mod:`.load` ``load(source, view)``, the one loader.

This package file imports nothing, so that low modules (layout) can use :mod:`.git` without
a cycle; import the submodule you need.
"""
