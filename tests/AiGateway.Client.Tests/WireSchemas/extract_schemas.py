#!/usr/bin/env python3
"""Extracts the schema data the wire-shape tests need from the providers' published specifications.

Run from the repository root with the two source files (see WireSchemas/README.md for origin, version and licence):

    python3 tests/AiGateway.Client.Tests/WireSchemas/extract_schemas.py OPENAI_OPENAPI_JSON GOOGLE_PROTOS_JSON

Writes, next to this script:
- openai-schemas.json: a JSON Schema (2020-12) document whose $defs are the OpenAPI component schemas reachable
  from the request and response schemas below, with descriptions and examples removed; `#/components/schemas/X`
  references become `#/$defs/X`, OpenAPI 3.0 `nullable: true` becomes a null alternative, and `oneOf` becomes `anyOf` (OpenAPI's discriminated unions overlap: a user
  message with a content list matches both EasyInputMessage and InputMessage, which a JSON Schema `oneOf` rejects).
- gemini-schemas.json: the v1beta GenerateContentRequest/GenerateContentResponse messages and their closure,
  translated from protobuf to the JSON Schema of their proto3 JSON mapping (lowerCamelCase or json_name keys;
  unknown fields rejected, as Google's JSON parser rejects them; members of one oneof mutually exclusive).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OPENAI_ROOTS = [
    "CreateChatCompletionRequest", "CreateChatCompletionResponse", "CreateChatCompletionStreamResponse",
    "CreateResponse", "Response", "ResponseStreamEvent",
]
GEMINI_PACKAGE = "google.ai.generativelanguage.v1beta"
GEMINI_ROOTS = ["GenerateContentRequest", "GenerateContentResponse"]
DROP = {"description", "example", "examples", "title", "deprecated", "discriminator"}


def strip(node):
    if isinstance(node, dict) and node.get("nullable") is True:
        # OpenAPI 3.0's `nullable`, which some 3.1 component schemas still use: JSON Schema reads it as an unknown
        # keyword, so it becomes an explicit null alternative.
        inner = {key: value for key, value in node.items() if key != "nullable"}
        return {"anyOf": [strip(inner), {"type": "null"}]}
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in DROP or key.startswith("x-"):
                continue
            if key == "$ref" and isinstance(value, str):
                out[key] = value.replace("#/components/schemas/", "#/$defs/")
            elif key == "oneOf":
                out["anyOf"] = strip(value)
            elif key == "properties":
                out[key] = {name: strip(schema) for name, schema in value.items()}
            else:
                out[key] = strip(value)
        return out
    if isinstance(node, list):
        return [strip(item) for item in node]
    return node


def refs(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.add(value.rsplit("/", 1)[-1])
            else:
                refs(value, found)
    elif isinstance(node, list):
        for item in node:
            refs(item, found)


def openai(path):
    schemas = json.load(open(path, encoding="utf-8"))["components"]["schemas"]
    seen, todo = set(), list(OPENAI_ROOTS)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        found = set()
        refs(schemas[name], found)
        todo.extend(found - seen)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Extracted from OpenAI's OpenAPI document (MIT); see README.md in this folder.",
        "$defs": {name: strip(schemas[name]) for name in sorted(seen)},
    }


SCALARS = {
    "string": {"type": "string"}, "bytes": {"type": "string"}, "bool": {"type": "boolean"},
    "double": {"type": "number"}, "float": {"type": "number"},
    "int32": {"type": "integer"}, "uint32": {"type": "integer"}, "sint32": {"type": "integer"},
    "fixed32": {"type": "integer"}, "sfixed32": {"type": "integer"},
    # proto3 JSON writes 64-bit integers as strings and reads either form.
    "int64": {"type": ["integer", "string"]}, "uint64": {"type": ["integer", "string"]},
    "sint64": {"type": ["integer", "string"]}, "fixed64": {"type": ["integer", "string"]},
    "sfixed64": {"type": ["integer", "string"]},
}
WELL_KNOWN = {
    "google.protobuf.Struct": {"type": "object"}, "google.protobuf.Value": {},
    "google.protobuf.ListValue": {"type": "array"}, "google.protobuf.Duration": {"type": "string"},
    "google.protobuf.Timestamp": {"type": "string"}, "google.protobuf.FieldMask": {"type": "string"},
    "google.protobuf.Any": {"type": "object"}, "google.protobuf.Empty": {"type": "object"},
}


def gemini(path):
    root = json.load(open(path, encoding="utf-8"))

    def lookup(full):
        node = root
        for part in full.split("."):
            node = node.get("nested", {}).get(part)
            if node is None:
                return None
        return node

    def resolve(type_name, scope):
        if type_name in WELL_KNOWN:
            return type_name
        parts = scope.split(".")
        while True:
            candidate = ".".join(parts + [type_name]) if parts else type_name
            if lookup(candidate) is not None:
                return candidate
            if not parts:
                raise KeyError(f"{type_name} from {scope}")
            parts.pop()

    defs, todo = {}, [f"{GEMINI_PACKAGE}.{name}" for name in GEMINI_ROOTS]

    def field_schema(field, scope):
        type_name = field["type"]
        if type_name in SCALARS:
            schema = dict(SCALARS[type_name])
        else:
            full = resolve(type_name, scope)
            if full in WELL_KNOWN:
                schema = dict(WELL_KNOWN[full])
            else:
                todo.append(full)
                schema = {"$ref": f"#/$defs/{full}"}
        if "keyType" in field:
            return {"type": "object", "additionalProperties": schema}
        if field.get("rule") == "repeated":
            return {"type": "array", "items": schema}
        return schema

    while todo:
        full = todo.pop()
        if full in defs:
            continue
        node = lookup(full)
        if "values" in node:
            # Enums: the value name, or its number.
            defs[full] = {"anyOf": [{"enum": sorted(node["values"])}, {"type": "integer"}]}
            continue
        properties, required, exclusive = {}, [], []
        for name, field in node.get("fields", {}).items():
            json_name = field.get("options", {}).get("json_name", name)
            properties[json_name] = field_schema(field, full)
            if field.get("options", {}).get("(google.api.field_behavior)") == "REQUIRED" and name != "model":
                # `model` travels in the URL path over REST, never in the body.
                required.append(json_name)
        for oneof_name, oneof in node.get("oneofs", {}).items():
            if oneof_name.startswith("_"):
                continue  # proto3 `optional` fields are synthetic one-member oneofs
            members = [node["fields"][m].get("options", {}).get("json_name", m) for m in oneof["oneof"]]
            pairs = [[a, b] for i, a in enumerate(members) for b in members[i + 1:]]
            if pairs:
                exclusive.append({"not": {"anyOf": [{"required": pair} for pair in pairs]}})
        schema = {"type": "object", "properties": properties, "additionalProperties": False}
        if required:
            schema["required"] = required
        if exclusive:
            schema["allOf"] = exclusive
        defs[full] = schema

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Translated from Google's generativelanguage protos (Apache-2.0); see README.md in this folder.",
        "$defs": dict(sorted(defs.items())),
    }


def main():
    openai_path, gemini_path = sys.argv[1], sys.argv[2]
    for name, document in (("openai-schemas.json", openai(openai_path)), ("gemini-schemas.json", gemini(gemini_path))):
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as out:
            json.dump(document, out, indent=1, sort_keys=False)
            out.write("\n")


if __name__ == "__main__":
    main()
