#!/usr/bin/env python3
"""The shell commands the lessons tell a reader to run, checked on this clone.

A code block in a lesson is runnable when the line just before its opening fence is a marker:

    <!-- run -->                      quick: run it, it must succeed
    <!-- run: fails -->               quick, and it must fail (a lesson showing a one-line error)
    <!-- run: long, about 25 min -->  too long for every check: listed with its run time, not run
    <!-- run: by hand, WHY -->        not for a script (it opens a window, it depends on timing):
                                      listed with the reason, not run

In a runnable block, a line that starts with "$ " is a command and the lines under it are what it
printed; in a block with no "$ " line, every line is a command ("# ..." to the end of a line is a
comment; a line ending in a backslash goes on in the next). Commands run in the repository's root,
one lesson's in the order they appear (a later one may read what an earlier one wrote), each
through bash with a time limit.

`mvn test -Dtest=...` commands are not run (the whole suite runs anyway, in CI): each class and
method they name must exist under src/test/java, so that a renamed test breaks this check.

    python3 tools/lesson_commands.py --list          every runnable command, quick or long
    python3 tools/lesson_commands.py --run           run the quick ones, check the test names
    python3 tools/lesson_commands.py --run 12 16     only lessons 12 and 16
"""
import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
TESTS = ROOT / "src" / "test" / "java"
MARKER = re.compile(r"^\s*<!--\s*run(?::\s*(.*?))?\s*-->\s*$")
TIME_LIMIT = 900   # seconds a quick command may take


class Command:
    def __init__(self, lesson, line, text, kind, note):
        self.lesson, self.line, self.text, self.kind, self.note = lesson, line, text, kind, note
        self.printed = []    # in a transcript, the lines printed under the command

    def where(self):
        return f"{self.lesson.name}:{self.line}"


def commands(lesson):
    """The runnable commands of one lesson, in order."""
    lines = lesson.read_text(encoding="utf-8").splitlines()
    found = []
    i = 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        if not m:
            i += 1
            continue
        note = (m.group(1) or "").strip()
        fence = i + 1
        if fence >= len(lines) or not lines[fence].lstrip().startswith("```"):
            raise SystemExit(f"{lesson.name}:{i + 1}: a run marker must be right above a code block's opening fence")
        indent = len(lines[fence]) - len(lines[fence].lstrip())
        end = fence + 1
        while end < len(lines) and not lines[end].strip().startswith("```"):
            end += 1
        if end == len(lines):
            raise SystemExit(f"{lesson.name}:{fence + 1}: the code block never closes")
        body = [(n + 1, l[indent:] if l[:indent].strip() == "" else l) for n, l in enumerate(lines[fence + 1:end], fence + 1)]
        transcript = any(l.startswith("$ ") for _, l in body)
        kind = ("long" if note.startswith("long") else "fails" if note.startswith("fails")
                else "by hand" if note.startswith("by hand") else "quick")
        pending, start = "", None
        for n, l in body:
            if transcript:
                if not (l.startswith("$ ") or pending):
                    if found and found[-1].lesson == lesson and l.strip():
                        found[-1].printed.append(l.strip())
                    continue
                l = l[2:] if l.startswith("$ ") and not pending else l
            elif not pending:
                l = re.sub(r"(^|\s)#.*$", "", l)
            if not l.strip() and not pending:
                continue
            if start is None:
                start = n
            if l.rstrip().endswith("\\"):
                pending += l.rstrip()[:-1] + " "
                continue
            text = (pending + l).strip()
            pending, first = "", start
            start = None
            kind_here = "test" if re.match(r"mvn\b.*\btest\b", text) and "-Dtest=" in text else kind
            found.append(Command(lesson, first, text, kind_here, note))
        i = end + 1
    return found


def test_names(text):
    """The classes and methods that a -Dtest= pattern names: [(class, [methods])]."""
    m = re.search(r"-Dtest=(?:'([^']*)'|\"([^\"]*)\"|(\S+))", text)
    pattern = next(g for g in m.groups() if g is not None)
    named = []
    for part in pattern.split(","):
        cls, _, methods = part.partition("#")
        named.append((cls, [x for x in methods.split("+") if x]))
    return named


def check_test_names(cmd):
    """None if every class and method the command names exists, else what is missing."""
    sources = {p.stem: p for p in TESTS.rglob("*.java")}
    for cls, methods in test_names(cmd.text):
        if "*" in cls:                       # a package or a wildcard: some test class must match it
            regex = re.compile("^" + cls.replace(".", r"\.").replace(r"\.*", r"\..*").replace("*", ".*") + "$")
            names = [str(p.relative_to(TESTS).with_suffix("")).replace(os.sep, ".") for p in sources.values()]
            if not any(regex.match(n) or regex.match(n.rsplit(".", 1)[-1]) for n in names):
                return f"no test class matches {cls}"
            continue
        simple = cls.rsplit(".", 1)[-1]
        if simple not in sources:
            return f"no test class {cls}"
        source = sources[simple].read_text(encoding="utf-8")
        for method in methods:
            if not re.search(r"\bvoid\s+" + re.escape(method) + r"\s*\(", source):
                return f"{simple} has no test method {method}"
    return None


def run(cmd):
    """Runs one command; returns (ok, seconds, the last lines it printed)."""
    start = time.monotonic()
    try:
        p = subprocess.run(["bash", "-c", cmd.text], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=TIME_LIMIT)
        out, code = p.stdout, p.returncode
    except subprocess.TimeoutExpired as e:
        out, code = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or ""), None
    seconds = time.monotonic() - start
    if code is None:
        return False, seconds, f"still running after {TIME_LIMIT} s\n" + out
    ok = code != 0 if cmd.kind == "fails" else code == 0
    if ok and cmd.kind == "fails" and cmd.printed and cmd.printed[0].startswith("error:") and cmd.printed[0] not in out:
        return False, seconds, f"it failed, but without the lesson's line\n    {cmd.printed[0]}\n" + out
    return ok, seconds, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="list the runnable commands")
    parser.add_argument("--run", action="store_true", help="run the quick commands and check the test names")
    parser.add_argument("lessons", nargs="*", help="lesson numbers (default: all)")
    args = parser.parse_args()
    files = sorted(p for p in LESSONS.glob("[0-9][0-9]-*.md")
                   if not args.lessons or p.name[:2] in {n.zfill(2) for n in args.lessons})
    all_commands = [c for f in files for c in commands(f)]
    if args.list or not args.run:
        for c in all_commands:
            print(f"{c.where():36} {c.kind:7} {c.text}" + (f"   [{c.note}]" if c.note and c.note != c.kind else ""))
        if not args.run:
            return 0
    failures = []
    for c in all_commands:
        if c.kind in ("long", "by hand"):
            print(f"{c.kind:7} {c.where()}: {c.note}: {c.text}", flush=True)
            continue
        if c.kind == "test":
            problem = check_test_names(c)
            print(f"{'names ' if problem is None else 'FAILED'} {c.where()}: {c.text}" + (f": {problem}" if problem else ""), flush=True)
            if problem:
                failures.append((c, problem))
            continue
        ok, seconds, out = run(c)
        print(f"{'ok    ' if ok else 'FAILED'} {c.where()} ({seconds:.0f} s): {c.text}", flush=True)
        if not ok:
            tail = "\n".join(out.rstrip().splitlines()[-15:])
            print("    " + tail.replace("\n", "\n    "), flush=True)
            failures.append((c, "exit status" + (" 0, but it should fail" if c.kind == "fails" else " not 0")))
    print(f"{len(all_commands)} commands: {sum(c.kind == 'quick' or c.kind == 'fails' for c in all_commands)} run, "
          f"{sum(c.kind == 'test' for c in all_commands)} test commands checked by name, "
          f"{sum(c.kind in ('long', 'by hand') for c in all_commands)} long or by hand listed; {len(failures)} failed")
    for c, why in failures:
        print(f"  {c.where()}: {c.text}: {why}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
