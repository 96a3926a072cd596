#!/usr/bin/env python3
"""Writes the request mix of the search benchmark, one path per line (repeated lines weigh more), and the titles
its long tail draws from.

    search_mix.py BASE_URL OUT_FILE TAIL_FILE

Single words, two words, prefixes being typed, typos, filters, every sort with and without a query, deep pages
(real cursors, collected here by paging the running service) and suggestions; the words come from the bench
data's vocabulary (sql/bench/catalog_courses.sql). Prints how many lines of each kind it wrote.

TAIL_FILE gets the words of 2,000 real titles, one title per line: `search.lua` makes the long tail of the mix
from them, searches no other visitor made a moment ago (two words of one title, in a random sort), which no cache
can answer.
"""
import json
import re
import sys
import urllib.parse
import urllib.request

base, out, tail = sys.argv[1], sys.argv[2], sys.argv[3]


def path(route, **parameters):
    return route + ("?" + urllib.parse.urlencode(parameters) if parameters else "")


def get(target):
    with urllib.request.urlopen(base + target, timeout=30) as response:
        return json.load(response)


single = ["python", "javascript", "react", "kubernetes", "docker", "excel", "sql", "aws", "java", "photoshop",
          "guitar", "yoga", "spanish", "figma", "tableau", "pandas", "django", "swift", "flutter", "terraform",
          "linux", "seo", "unity", "blender", "piano", "accounting", "selenium", "postgresql", "mongodb",
          "typescript", "data", "design", "marketing", "web", "learning"]
double = ["machine learning", "data science", "web development", "python pandas", "react native", "deep learning",
          "digital marketing", "project management", "docker kubernetes", "sql server", "unit testing",
          "financial modeling", "music theory", "ethical hacking", "data visualization"]
prefixes = ["pyth", "kube", "javas", "postg", "mach", "reac", "dat", "terra", "phot", "spa", "machine lea",
            "data sci"]
typos = ["pyhton", "kuberntes", "postgers", "javscript", "tensorflw"]
sorts = ["newest", "rating", "price-asc", "price-desc", "popular"]

first = get(path("/v1/courses", limit=1))["items"][0]
instructor = first["instructor"]["id"]
mix = {
    "single words": [path("/v1/courses", q=word) for word in single],
    "two words": [path("/v1/courses", q=words) for words in double],
    "prefixes": [path("/v1/courses", q=text) for text in prefixes],
    "typos": [path("/v1/courses", q=text) for text in typos],
    "filters": [
        path("/v1/courses", category="databases"), path("/v1/courses", category="devops", level="beginner"),
        path("/v1/courses", level="advanced"), path("/v1/courses", free="true"),
        path("/v1/courses", minPrice=1000, maxPrice=5000, sort="price-asc"),
        path("/v1/courses", minRating="4.5", sort="rating"), path("/v1/courses", tag="docker"),
        path("/v1/courses", language="es"), path("/v1/courses", instructor=instructor),
        path("/v1/courses", language="ja", sort="newest"),
        path("/v1/courses", q="python", level="beginner", free="false"),
        path("/v1/courses", q="docker", category="devops"),
    ],
    "sorts": [path("/v1/courses", sort=sort) for sort in sorts]
    + [path("/v1/courses", q=word, sort=sort) for word, sort in
       [("python", "newest"), ("docker", "rating"), ("excel", "price-asc"), ("guitar", "price-desc"),
        ("react", "popular")]],
    "suggestions": [path("/v1/courses/suggest", q=text) for text in ["pyt", "kub", "data", "mach", "postgers", "s"]]
    + [path("/v1/courses/popular"), path("/v1/courses/popular", category="design")],
}

# Deep pages: follow real cursors and keep the ones of pages 3, 6, 10 and 25.
deep = []
for start in [path("/v1/courses"), path("/v1/courses", sort="newest"), path("/v1/courses", sort="rating"),
              path("/v1/courses", sort="price-asc"), path("/v1/courses", q="python"),
              path("/v1/courses", q="data"), path("/v1/courses", q="machine learning"),
              path("/v1/courses", category="devops", sort="newest"), path("/v1/courses", q="docker", sort="newest")]:
    target = start
    for page in range(1, 26):
        cursor = get(target)["nextCursor"]
        if cursor is None:
            break
        separator = "&" if "?" in start else "?"
        target = start + separator + urllib.parse.urlencode({"cursor": cursor})
        if page + 1 in (3, 6, 10, 25):
            deep.append(target)
mix["deep pages"] = deep

# Weights: how often each kind comes up, in percent of requests.
weights = {"single words": 25, "two words": 15, "prefixes": 10, "typos": 3, "filters": 15, "sorts": 10,
           "deep pages": 12, "suggestions": 10}
with open(out, "w") as file:
    for kind, paths in mix.items():
        repeat = max(1, round(weights[kind] * 40 / len(paths)))
        for line in paths:
            file.write((line + "\n") * repeat)
        print(f"  {kind}: {len(paths)} requests, {weights[kind]}% of the mix")

# The long tail's titles: every word of at least three letters, lower-cased.
titles = []
target = path("/v1/courses", sort="newest", limit=50)
while len(titles) < 2000 and target:
    page = get(target)
    for item in page["items"]:
        words = [w for w in re.split(r"[^a-z0-9]+", item["title"].lower()) if len(w) >= 3]
        if len(words) >= 2:
            titles.append(" ".join(words))
    cursor = page["nextCursor"]
    target = path("/v1/courses", sort="newest", limit=50, cursor=cursor) if cursor else None
with open(tail, "w") as file:
    file.write("\n".join(titles) + "\n")
print(f"  long tail: two words of one of {len(titles)} titles, in a random sort")
