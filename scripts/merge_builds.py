"""Adds the serving overview's build (scripts/build.sh's second Trunk build, feature serving-first; src/app.rs says
why there are two) to the default one: its index.html as index-serving.html, which nginx serves at `/` and
`/serving` (deploy/nginx.conf.template), and every file it names beside the default build's own.

Both builds name their files by content, so a name the two share is the same file (the style sheet, early.js,
theme.js, config.json); one that differs is a build error, not a file silently replaced.

Usage: merge_builds.py SERVING_DIST DIST
"""

import filecmp
import pathlib
import shutil
import sys


def merge(serving: pathlib.Path, dist: pathlib.Path) -> int:
    added = 0
    for src in sorted(p for p in serving.rglob("*") if p.is_file()):
        rel = src.relative_to(serving)
        dst = dist / ("index-serving.html" if rel == pathlib.Path("index.html") else rel)
        if dst.exists():
            if not filecmp.cmp(src, dst, shallow=False):
                sys.exit(f"merge_builds: {rel} differs between the two builds")
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        added += 1
    return added


if __name__ == "__main__":
    serving, dist = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    print(f"merge_builds: {merge(serving, dist)} files of {serving} added to {dist}, index.html as index-serving.html")
