#!/usr/bin/env python3
"""An independent schema-layer verdict for the corpus: PyYAML to read, Python's `jsonschema`
(Draft 7, formats not asserted, as kubeconform) to validate, kubeconform's file layout written out
here by hand. Shares no code with backupgen. Prints one line per document:
    <file>\t<document index>\t<Kind/name>\t<valid|invalid|skipped|error>
Usage: independent_check.py SCHEMA_DIR KUBERNETES_VERSION FILE...
"""
import json
import os
import sys

import jsonschema
import yaml


def schema_paths(root, version, kind, api_version):
    group_version = api_version.split("/")
    group = group_version[0]
    version_part = group_version[-1]
    suffix = "-" + group.split(".")[0].lower()
    if len(group_version) > 1:
        suffix += "-" + version_part.lower()
    yield os.path.join(root, "v%s-standalone-strict" % version, kind.lower() + suffix + ".json")
    yield os.path.join(root, "crds", group, "%s_%s.json" % (kind.lower(), version_part))


def verdict(root, version, doc):
    if not isinstance(doc, dict):
        return "error"
    kind, api_version = doc.get("kind"), doc.get("apiVersion")
    if not kind or not api_version:
        return "error"
    if api_version.startswith("kustomize.config.k8s.io/"):
        return "skipped"
    for path in schema_paths(root, version, kind, api_version):
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                schema = json.load(f)
            schema.pop("$schema", None)
            errors = list(jsonschema.Draft7Validator(schema).iter_errors(doc))
            return "invalid" if errors else "valid"
    return "skipped"


def main():
    root, version, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    for name in files:
        with open(name, encoding="utf-8") as f:
            text = f.read()
        try:
            docs = [d for d in yaml.safe_load_all(text) if d is not None]
        except yaml.YAMLError:
            print("%s\t0\t-\terror" % name)
            continue
        for i, doc in enumerate(docs):
            meta = doc.get("metadata") if isinstance(doc, dict) else None
            display = "%s/%s" % (doc.get("kind") or "<no kind>" if isinstance(doc, dict) else "<no kind>",
                                 (meta or {}).get("name") or "<no name>" if isinstance(meta, dict) else "<no name>")
            print("%s\t%d\t%s\t%s" % (name, i, display, verdict(root, version, doc)))


if __name__ == "__main__":
    main()
