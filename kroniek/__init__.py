"""Kroniek: an annotated dataset and benchmark for events in Dutch news.

The package is layered; imports point downwards only:

- ``schema`` (label inventories), ``errors``, ``documents`` -- the bottom;
- ``labelconfig``, ``features``, ``tokens`` -- derived from the schema;
- ``convert`` (Label Studio export <-> documents), ``validate``, ``seeds``;
- ``build`` and ``card`` (the Hugging Face dataset), ``metrics`` (scoring);
- ``evaluate``, ``agreement``, ``show``, ``labelstudio`` (the only module that talks
  to the network);
- ``cli`` and ``commands`` -- the top.
"""

__version__ = "0.1.0"
