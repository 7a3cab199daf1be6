#!/usr/bin/env python3
"""Writes the ECS field definitions that EcsAlertWriterTest checks against, as TSV.

Usage: extract_ecs_definitions.py ECS_FLAT_YML SOURCE_LABEL FIELD... > ecs-8.11.0-fields.tsv

ECS_FLAT_YML is generated/ecs/ecs_flat.yml of github.com/elastic/ecs, and SOURCE_LABEL names
its repository, tag and commit in the output's first line. For each named field the
script writes its type, whether ECS normalizes it to an array, whether it is required, and its
allowed values with the event types that ECS expects for each event.category value.
"""
import sys

import yaml


def main():
    flat = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    print(f"# ECS field definitions extracted from {sys.argv[2]}")
    print("# kind\tfield\ttype\tarray\trequired")
    print("# kind\tfield\tallowed_value\texpected_event_types")
    for name in sys.argv[3:]:
        field = flat[name]
        array = "array" in (field.get("normalize") or [])
        required = bool(field.get("required", False))
        print(f"field\t{name}\t{field['type']}\t{str(array).lower()}\t{str(required).lower()}")
        for allowed in field.get("allowed_values", []):
            expected = ",".join(allowed.get("expected_event_types", [])) or "-"
            print(f"allowed\t{name}\t{allowed['name']}\t{expected}")


if __name__ == "__main__":
    main()
