#!/usr/bin/env python3
"""Refreshes every code excerpt in lessons/*.md from the marked region of the source it names.

An excerpt in a lesson is an HTML comment followed by a fenced code block:

    <!-- excerpt: src/main/java/vae/nn/Linear.java#linear forward-backward -->
    ```java
    ...
    ```

The region is the lines between `//> linear forward-backward` and `//< linear forward-backward`
in that file (marker lines of other regions inside it are left out), with the common indentation
removed. LessonsTest fails when an excerpt differs from its region; this script rewrites them.
Usage: python3 tools/sync_lessons.py [--check]
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXCERPT = re.compile(r"<!-- excerpt: (?P<file>[^#]+)#(?P<region>[^>]+?) -->\n```(?P<lang>\w*)\n(?P<body>.*?)```",
                     re.DOTALL)
MARKER = re.compile(r"^\s*(//|#)\s*[<>] ")


def region(file, name):
    lines = (ROOT / file).read_text(encoding="utf-8").splitlines()
    start = [i for i, l in enumerate(lines) if l.strip() in (f"//> {name}", f"# > {name}")]
    end = [i for i, l in enumerate(lines) if l.strip() in (f"//< {name}", f"# < {name}")]
    if len(start) != 1 or len(end) != 1 or end[0] < start[0]:
        raise SystemExit(f"{file}: region '{name}' not found exactly once")
    body = [l for l in lines[start[0] + 1:end[0]] if not MARKER.match(l)]
    indent = min((len(l) - len(l.lstrip()) for l in body if l.strip()), default=0)
    return "\n".join(l[indent:].rstrip() for l in body) + "\n"


def main():
    check = "--check" in sys.argv
    stale = 0
    for lesson in sorted((ROOT / "lessons").glob("*.md")):
        text = lesson.read_text(encoding="utf-8")

        def refresh(m):
            nonlocal stale
            body = region(m["file"].strip(), m["region"].strip())
            if body != m["body"]:
                stale += 1
                print(f"{lesson.name}: excerpt {m['file']}#{m['region']} {'differs' if check else 'refreshed'}")
            return f"<!-- excerpt: {m['file']}#{m['region']} -->\n```{m['lang']}\n{body}```"

        new = EXCERPT.sub(refresh, text)
        if not check and new != text:
            lesson.write_text(new, encoding="utf-8")
    sys.exit(1 if check and stale else 0)


if __name__ == "__main__":
    main()
