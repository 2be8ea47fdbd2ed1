"""Typed record models: the one source of truth for keys, types and allowed values.

The JSON Schemas editors' tools use are exported from these classes (`rete.records.schemas`).
"""
