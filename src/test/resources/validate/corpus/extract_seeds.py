#!/usr/bin/env python3
"""Re-creates the corpus from the seeds: every ```yaml block of seeds 000 and 002, cookiecutter
values filled in, one file per block. Run from this folder:  python3 extract_seeds.py ../../../../../../shared/seeds
"""
import glob
import os
import re
import sys

VALUES = {
    "project_name": "Acme Shop",
    "project_slug": "acme-shop",
    "postgres_db": "acme_shop",
    "postgres_version": "16",
}

seeds = sys.argv[1] if len(sys.argv) > 1 else "../../../../../../shared/seeds"
for prefix in ("000", "002"):
    path = glob.glob(os.path.join(seeds, prefix + "_*.txt"))[0]
    lines = open(path, encoding="utf-8").read().split("\n")
    os.makedirs(prefix, exist_ok=True)
    n = 0
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```yaml":
            start = i + 1
            j = start
            while lines[j].strip() != "```":
                j += 1
            text = "\n".join(lines[start:j]) + "\n"
            text = re.sub(r"\{\{\s*cookiecutter\.(\w+)\s*\}\}", lambda m: VALUES[m.group(1)], text)
            n += 1
            name = "%s/block%02d-line%d.yaml" % (prefix, n, start + 1)
            with open(name, "w", encoding="utf-8") as f:
                f.write("# extracted from %s lines %d-%d\n" % (os.path.basename(path), start + 1, j))
                f.write(text)
            i = j
        i += 1
