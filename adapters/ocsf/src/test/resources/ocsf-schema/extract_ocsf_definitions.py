#!/usr/bin/env python3
"""Writes the OCSF definitions that OcsfFindingWriterSchemaTest checks against, as TSV.

Usage: extract_ocsf_definitions.py SCHEMA_REPO COMMIT OBJECT... > ocsf-1.1.0-detection-finding.tsv

SCHEMA_REPO is a git clone of github.com/ocsf/ocsf-schema. The script collects the attributes of
the Detection Finding class and of each named object, following their "extends" chains and
"$include" files. An attribute's type, is_array and requirement come from dictionary.json, unless
the class or object that lists it sets them. Attributes that only a profile adds are marked with
the profile's name, because their requirement applies only when an event declares that profile.
"""
import json
import subprocess
import sys

JSON_KIND = {"string_t": "string", "integer_t": "integer", "long_t": "integer",
             "float_t": "number", "boolean_t": "boolean", "json_t": "any"}


def main():
    repo, commit, objects = sys.argv[1], sys.argv[2], sys.argv[3:]

    def show(path):
        return json.loads(subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"],
                                         capture_output=True, check=True).stdout)

    def list_files(path):
        out = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "--name-only", commit, path],
                             capture_output=True, check=True).stdout
        return out.decode().split()

    dictionary = show("dictionary.json")
    dictionary_attributes = dictionary["attributes"]
    types = dictionary["types"]["attributes"]
    categories = show("categories.json")["attributes"]
    events = {e["name"]: e for e in map(show, list_files("events"))}
    object_definitions = {o["name"]: o for o in map(show, list_files("objects"))}

    def base_type(name):
        while name in types and "type" in types[name]:
            name = types[name]["type"]
        return name

    def attributes_with_includes(attributes, profile):
        """Returns {name: (definition, profile or None)} with $include files merged in."""
        merged = {}
        for include in attributes.get("$include", []):
            included_profile = profile
            if include.startswith("profiles/"):
                included_profile = include[len("profiles/"):-len(".json")]
            for name, (definition, origin) in attributes_with_includes(
                    show(include)["attributes"], included_profile).items():
                merged[name] = (definition, origin)
        for name, definition in attributes.items():
            if name == "$include":
                continue
            previous, _ = merged.get(name, ({}, None))
            merged[name] = ({**previous, **definition}, profile)
        return merged

    def resolve(definition, definitions):
        chain = [definition]
        while "extends" in chain[-1]:
            chain.append(definitions[chain[-1]["extends"]])
        attributes = {}
        constraints = {}
        for level in reversed(chain):
            constraints.update(level.get("constraints", {}))
            for name, (local, profile) in attributes_with_includes(
                    level.get("attributes", {}), None).items():
                previous, previous_profile = attributes.get(name, ({}, profile))
                origin = None if (profile is None or previous_profile is None) else profile
                attributes[name] = ({**previous, **local}, origin)
        rows = []
        for name, (local, profile) in sorted(attributes.items()):
            entry = {**dictionary_attributes.get(name, {}), **local}
            ocsf_type = entry["type"]
            if ocsf_type in types or ocsf_type in JSON_KIND:
                kind, object_type = JSON_KIND[base_type(ocsf_type)], "-"
            else:
                kind, object_type = "object", ocsf_type
            rows.append([name, ocsf_type, kind, str(bool(entry.get("is_array"))).lower(),
                         entry.get("requirement", "optional"), object_type, profile or "-"])
        return rows, constraints

    print(f"# OCSF schema definitions extracted from github.com/ocsf/ocsf-schema at {commit}")
    print("# class\tname\tclass_uid\tcategory\tcategory_uid")
    print("# attribute\tobject\tattribute\tocsf_type\tjson\tarray\trequirement\tobject_type\tprofile")
    print("# constraint\tobject\tkind\tattributes")
    print("# observable_type\tocsf_type\ttype_id")
    finding = events["detection_finding"]
    category_uid = categories[finding["category"]]["uid"]
    print(f"class\tdetection_finding\t{category_uid * 1000 + finding['uid']}\t"
          f"{finding['category']}\t{category_uid}")
    rows, constraints = resolve(finding, events)
    for row in rows:
        print("attribute\tdetection_finding\t" + "\t".join(row))
    for name in objects:
        rows, constraints = resolve(object_definitions[name], object_definitions)
        for row in rows:
            print(f"attribute\t{name}\t" + "\t".join(row))
        for kind, names in sorted(constraints.items()):
            print(f"constraint\t{name}\t{kind}\t" + ",".join(names))
    for name, definition in sorted(types.items()):
        if "observable" in definition:
            print(f"observable_type\t{name}\t{definition['observable']}")


if __name__ == "__main__":
    main()
