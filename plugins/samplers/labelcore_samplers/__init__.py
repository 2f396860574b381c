"""Samplers that order the candidates of LabelCore's label stream."""
