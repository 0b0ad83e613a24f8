#!/usr/bin/env python3
"""Writes the hand-made seed corpora in Fuzz/corpus/TARGET/ (run from the repository root).

Each target reads its input as described in Sources/Fuzz (a few parameter bytes, then the
payload). The cache target's binary seeds (modes 0-3) are made by the fuzz binary itself:
`FUZZ_CACHE_SEEDS=Fuzz/corpus/cache FUZZ_TARGET=cache reader-fuzz -runs=0 Fuzz/corpus/cache`.
Seeds must stay small: excerpts of the articles in seeds/, not whole files.
"""
import hashlib, os, shutil

ROOT = "Fuzz/corpus"

def article(name, limit):
    with open(os.path.join("seeds", name), "rb") as f:
        return f.read(limit)

SEEDS = sorted(os.listdir("seeds"))
EXCERPTS = [article(n, 1500) for n in SEEDS]

TEXTS = [
    b"Plain words, and a second line.\nThird line\r\nCRLF and a lone\rCR.\n\n\tTabbed\ttext\t.\n",
    b"Escapes: \x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x1bP+q\x1b\\ \x9b2J \xc2\x9b1m DEL\x7f BEL\x07",
    "Bidi \u202eevil\u202c \u2066iso\u2069 \u200e\u200f zw\u200bsp soft\u00adhy word\u2060joiner \ufeffbom tag\U000E0041".encode(),
    "\ufeffLeading BOM, e\u0301\u0301\u0301\u0301\u0301\u0301\u0301 many marks, \u0301orphan, \u200c\u200d zwnj zwj".encode(),
    "Wide: 東京で会議があった。한국어 텍스트 ＡＢＣ 🇺🇦🇫🇷 👍🏽 👩\u200d👩\u200d👧 ☺\ufe0f \u1100\u1161\u11a8".encode(),
    "Scripts: क्षि क + ि Ελληνικά Пригожин Straße naïve café עברית العربية".encode(),
    b"Invalid \xff\xfe bytes \xc3 and \xed\xa0\x80 surrogates \xf4\x90\x80\x80 overlong \xc0\xaf end",
    b"averyveryveryveryveryveryveryverylongwordthatcannotfitonanyreasonablenarrowline-and-then-hyphens--and\xe2\x80\x94dashes",
]

def write(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

def main():
    for target in ["sanitizer", "layout", "people", "query", "words", "bookmarks", "annotations"]:
        shutil.rmtree(os.path.join(ROOT, target), ignore_errors=True)
    cache_dir = os.path.join(ROOT, "cache")
    if os.path.isdir(cache_dir):
        for n in os.listdir(cache_dir):
            if n.startswith("text-"):
                os.remove(os.path.join(cache_dir, n))

    for i, t in enumerate(TEXTS + EXCERPTS[:1]):
        write("sanitizer", f"text-{i}", bytes([i % 16]) + t)
        write("words", f"text-{i}", t)
    for i, t in enumerate(TEXTS + EXCERPTS):
        width = [1, 2, 7, 20, 40, 66, 80, 3, 13, 33, 72][i % 11]
        write("layout", f"text-{i}", bytes([width - 1, 23]) + t)
    words_extra = [
        "Putin’s O’Brien rock’n’roll don't ʼokina ‘quoted’ Ｏ＇Ｂ".encode(),
        "Pu\u00adtin Jos\u0065\u0301 ß ẞ ﬁ Ǆ İstanbul ΣΑΣ 12,5 ½ Ⅻ ٣".encode(),
    ]
    for i, t in enumerate(words_extra):
        write("words", f"extra-{i}", t)

    people = EXCERPTS + [
        "President Vladimir Putin met Yevgeny Prigozhin. Putin’s aide said Evgeny Prigozhin left. Vladmir Putin agreed.".encode(),
        "Defense Minister Sergei Shoigu and Lt. Col. Anna van der Berg spoke; Ursula von der Leyen and Gabriel García Márquez too.".encode(),
        "The Wagner Group in Rostov-on-Don. Kerensky, who fled. The novelist Okri. Lenin and Trotsky. Stalinist rule.".encode(),
        "Hawai\u02bbi governor Josh Kaha\u02bcis spoke. O\u02bcBrien\u2019s aide.".encode(),
        "Maria Kowalski and Piotr Kowalski.\x1eKowalski returned. Sheikh Faisal bin Nasser al-Thani.\x1eWill Zhang resign?".encode(),
    ]
    for i, t in enumerate(people):
        write("people", f"text-{i}", t)

    queries = [
        "putin wagner", "\"vladimir putin\"", "-word", "a OR b", "a | b", "(a OR b) c", "title:putin", "author:\"jane doe\"",
        "person:putin", "title:(a OR b)", "re:invent", "\"re:invent\"", "o'brien", "putin's", "jos\u00e9", "\u201ccurly\u201d",
        "kremlin putin OR medvedev", "((a)", "a)", "\"unclosed", "-", "OR", "title:", "&&", "\"\"", "prig", "rostov-on-don U.S.",
        "東京 会議", "-(a OR -b) -\"x y\" title:z*", "person:(a b)", "title:(author:x)",
    ]
    for i, q in enumerate(queries):
        write("query", f"q-{i}", bytes([i % 2]) + q.encode())

    file1 = b'''{
  "format": "reader bookmarks",
  "version": 1,
  "futureTop": {"x": [1, 2.50, -3e2, true, false, null]},
  "bookmarks": [
    {"id": "3f2c1a9e-0b4d-4c3e-9a8f-1d2e3f4a5b6c", "article": {"path": "a/one.txt", "root": "/home/u/articles", "hash": "fnv1a64:0123456789abcdef", "title": "One"},
     "position": {"start": 10, "end": 25}, "quote": {"exact": "the harbour master", "prefix": "angered ", "suffix": " and"},
     "note": "line one\\nline two \\u00e9 \\ud83d\\ude00", "tags": ["port", "people"], "created": "2024-05-01T10:00:00.000Z",
     "changed": "2024-05-02T11:30:00.250Z", "extra": {"kept": [1, {"deep": "yes"}]}},
    {"id": "b", "article": {"path": "two.md"}, "quote": {"exact": "Harbour"}, "note": "", "created": "2024-05-03T00:00:00+02:00"},
    {"id": "c", "article": {"path": "x.txt"}, "position": {"start": 0}},
    {"id": "", "unreadable": true}
  ],
  "deleted": [{"id": "gone", "time": "2024-06-01T00:00:00Z"}, {"id": "bad", "time": "yesterday"}]
}
'''
    bookmarks = [
        file1,
        b'{"format": "reader bookmarks", "version": 2, "bookmarks": [{"id": "n", "article": {"path": "p.txt"}, "quote": {"exact": "Harbour"}, "note": "kept"}]}',
        b'{"version": 1}',
        b'',
        b'[1, 2, "not an object"]',
        b'{"format": "something else", "version": 1}',
        b'{"version": 1, "bookmarks": [{"id": "x",, }]}',
        b'{"version": 1, "bookmarks": [{"id": "d", "article": {"path": "p"}, "position": {"start": 5, "end": 3}}]}',
        b'{"version": 1, "bookmarks": [{"id": "far", "article": {"path": "p"}, "position": {"start": 9223372036854775000, "end": 9223372036854775003}, "quote": {"exact": "abc", "prefix": "x", "suffix": "y"}}]}',
        b'{"a": "\\ud800", "b": 1.0e+400, "c": [[[[[[[[]]]]]]]], "d": "\\u0000\\u001b"}',
    ]
    for i, b in enumerate(bookmarks):
        write("bookmarks", f"file-{i}", b)

    w3c_collection = b'''{
  "@context": "http://www.w3.org/ns/anno.jsonld",
  "type": "AnnotationCollection", "label": "reader bookmarks", "total": 2,
  "first": {"type": "AnnotationPage", "startIndex": 0, "items": [
    {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:3f2c1a9e-0b4d-4c3e-9a8f-1d2e3f4a5b6c", "type": "Annotation",
     "motivation": "bookmarking", "created": "2024-05-01T10:00:00.000Z", "modified": "2024-05-02T11:30:00.000Z",
     "body": [{"type": "TextualBody", "value": "a note", "format": "text/plain", "purpose": "commenting"},
              {"type": "TextualBody", "value": "port", "purpose": "tagging"}],
     "target": {"source": "file:///home/u/articles/a%20b/one.txt", "selector": [
        {"type": "TextPositionSelector", "start": 10, "end": 25},
        {"type": "TextQuoteSelector", "exact": "the harbour master", "prefix": "angered ", "suffix": " and"}]}},
    {"id": "http://example.org/anno/2", "type": ["Annotation"], "bodyValue": "plain body",
     "target": {"source": "http://example.org/page", "selector": {"type": "TextQuoteSelector", "exact": "quoted"}}}
  ]}
}
'''
    annotations = [
        w3c_collection,
        b'{"type": "Annotation", "target": {"source": "file://localhost/tmp/x.txt", "selector": {"type": "TextPositionSelector", "start": 0, "end": 4}}}',
        b'[{"type": "Annotation", "id": "urn:x-reader-bookmark:abc", "body": {"chars": "old style"}, "target": [{"source": "file:///r.txt", "selector": [{"type": "TextQuoteSelector", "exact": "x", "prefix": "a", "suffix": "b"}]}]}]',
        b'{"type": "AnnotationPage", "items": []}',
        b'{"type": "Annotation", "target": {"source": "file:///f.txt", "selector": [{"type": "TextPositionSelector", "start": 9223372036854775000, "end": 9223372036854775003}, {"type": "TextQuoteSelector", "exact": "abc"}]}}',
        b'{"type": "Annotation", "target": "file:///no/selector.txt"}',
        b'{"items": [{"type": "Annotation", "target": {"source": "file:///", "selector": {"type": "TextPositionSelector", "start": 3, "end": 1}}}]}',
        bookmarks[0],
    ]
    for i, a in enumerate(annotations):
        write("annotations", f"file-{i}", a)

    # Cache round trips (mode 4): articles separated by 0x1E.
    for i, t in enumerate([people[3], EXCERPTS[0][:800] + b"\x1e" + EXCERPTS[1][:600] + b"\x1ebinary\x00\x1e" + TEXTS[4], TEXTS[1] + b"\x1e" + TEXTS[6]]):
        write("cache", f"text-{i}", bytes([4]) + t)

if __name__ == "__main__":
    main()
