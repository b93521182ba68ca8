"""The report's vocabulary: its JSON Schema (``report.schema.json``) and the technique classes
(``techniques``) that analyzers emit and renderers explain. Data only: any layer may import it."""
