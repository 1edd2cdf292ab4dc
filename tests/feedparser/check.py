"""Reads Atom feeds with feedparser and prints what it found, as JSON.

Usage: python check.py FILE...   (each file one feed as served)

For each file, in order: the version feedparser recognised, whether it had
to recover from an error ("bozo") and why, the feed's id, title, updated
time and links, and each entry's id, title, link, updated time, summary and
content. The Rust test (tests/tests/it/atom_feeds.rs) asserts on it.
"""

import json
import sys

import feedparser


def links(item):
    return [{"rel": l.get("rel"), "type": l.get("type"), "href": l.get("href")} for l in item.get("links", [])]


def main(paths):
    out = []
    for path in paths:
        with open(path, "rb") as f:
            parsed = feedparser.parse(f.read())
        feed = parsed.feed
        out.append({
            "path": path,
            "version": parsed.get("version"),
            "bozo": bool(parsed.get("bozo")),
            "bozo_exception": str(parsed.get("bozo_exception", "")),
            "id": feed.get("id"),
            "title": feed.get("title"),
            "updated": feed.get("updated"),
            "author": feed.get("author"),
            "language": feed.get("language"),
            "links": links(feed),
            "entries": [
                {
                    "id": e.get("id"),
                    "title": e.get("title"),
                    "link": e.get("link"),
                    "updated": e.get("updated"),
                    "published": e.get("published"),
                    "summary": e.get("summary"),
                    "content": [c.get("value") for c in e.get("content", [])],
                }
                for e in parsed.entries
            ],
        })
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
