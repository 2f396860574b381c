"""LabelCore storages: tasks from, and annotations to, local folders and buckets."""
