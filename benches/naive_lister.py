#!/usr/bin/env python3
"""The naive lister kiji's speed is measured against: walks a folder for *.md and
*.markdown files, reads each whole and prints its front matter's title and date as JSON.
No YAML or TOML library, only the lines `title:`/`date:` (YAML) and `title =`/`date =`
(TOML) between the delimiters: the least a script does to list a site."""

import json
import os
import sys


def front_matter(text):
    lines = text.split("\n")
    if not lines or lines[0].strip() not in ("---", "+++"):
        return {}
    fence = lines[0].strip()
    sep = ":" if fence == "---" else "="
    fields = {}
    for line in lines[1:]:
        if line.strip() == fence:
            break
        key, found, value = line.partition(sep)
        if found and key.strip() in ("title", "date"):
            fields[key.strip()] = value.strip().strip('"')
    return fields


def main(root):
    posts = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith((".md", ".markdown")):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    fields = front_matter(f.read())
                posts.append({"path": path, "title": fields.get("title", name),
                              "date": fields.get("date")})
    json.dump(posts, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv[1])
