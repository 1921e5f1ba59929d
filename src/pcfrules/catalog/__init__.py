"""The built-in catalogue of rule standards: ``<id>/rule.yaml`` and ``<id>/example.yaml`` (data only)."""
