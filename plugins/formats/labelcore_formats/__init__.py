"""LabelCore's file formats: importers for JSON, JSONL, CSV, TSV and TXT, and the
JSON exporter in Label Studio's export shape."""
