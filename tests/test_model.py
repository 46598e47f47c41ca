"""Tests for dyads.model: the Mention's one declaration of its columns and record keys."""

from __future__ import annotations

import json
from dataclasses import fields

from conftest import shared_path
from dyads.layout import Layout, record_keys, table_columns
from dyads.model import Mention, Place

# Written by dyads beyond the shared schema, which does not forbid extra keys: how each actor was resolved.
NOT_IN_SCHEMA = ("source_resolved_from", "target_resolved_from")


def test_model_mention_record_keys_are_the_schema_properties_in_order() -> None:
    schema = json.loads(shared_path("schema", "mention.schema.json").read_text(encoding="utf-8"))
    keys = record_keys(Mention)
    assert [key for key in keys if key not in NOT_IN_SCHEMA] == list(schema["properties"])
    assert set(NOT_IN_SCHEMA) <= set(keys)


def test_model_mention_location_is_a_place() -> None:
    schema = json.loads(shared_path("schema", "mention.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]["location"]["properties"]) <= {f.name for f in fields(Place)}


def test_model_every_mention_field_declares_its_columns() -> None:
    layouts = {f.name: [v for v in f.metadata.values() if isinstance(v, Layout)] for f in fields(Mention)}
    assert [name for name, found in layouts.items() if len(found) != 1 or not found[0].columns] == []


def test_model_mention_columns_and_record_keys_are_unique() -> None:
    columns = [name for name, _ in table_columns(Mention)]
    keys = record_keys(Mention)
    assert len(set(columns)) == len(columns) and len(set(keys)) == len(keys)
