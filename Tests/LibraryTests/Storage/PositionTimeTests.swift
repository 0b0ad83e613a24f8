import Testing
import TestSupport
@testable import Library

/// Issue 12, rough edge 11: `positions.json` writes its times in ISO 8601, like the bookmarks
/// file, and still reads the numbers older files hold.
struct PositionTimeTests {
    @Test func timesAreWrittenInISO8601AndOldNumbersStillRead() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.write("positions.json", """
            {"version": 1, "positions": {
              "/a/since1970.txt": {"offset": 1, "quote": "x", "time": 1764633600.25},
              "/a/since2001.txt": {"offset": 2, "quote": "x", "time": 786326400},
              "/a/iso.txt": {"offset": 3, "quote": "x", "time": "2025-12-02T00:00:00.000Z"},
              "/a/offset.txt": {"offset": 4, "quote": "x", "time": "2025-12-02T01:00:00+01:00"},
              "/a/bad.txt": {"offset": 5, "quote": "x", "time": "yesterday"}
            }}
            """)
        let store = PositionStore(path: path)
        let loaded = try store.loadFile()
        // 2025-12-02T00:00:00Z is 1764633600 s after 1970 and 786326400 s after 2001.
        #expect(loaded.positions["/a/since1970.txt"]?.time == 1_764_633_600.25)
        #expect(loaded.positions["/a/since2001.txt"]?.time == 1_764_633_600)
        #expect(loaded.positions["/a/iso.txt"]?.time == 1_764_633_600)
        #expect(loaded.positions["/a/offset.txt"]?.time == 1_764_633_600)
        #expect(loaded.positions["/a/bad.txt"] == nil)
        #expect(loaded.warnings.count == 1 && loaded.warnings[0].contains("/a/bad.txt"))

        try store.save(SavedPosition(offset: 9, quote: "y", time: 1_764_633_600.125), for: "/a/new.txt")
        let saved = try JSONValue.parse(dir.read("positions.json")!)
        #expect(saved["positions"]?["/a/new.txt"]?["time"] == .string("2025-12-02T00:00:00.125Z"))
        #expect(saved["positions"]?["/a/since1970.txt"]?["time"] == .string("2025-12-02T00:00:00.250Z"))
        #expect(saved["positions"]?["/a/since2001.txt"]?["time"] == .string("2025-12-02T00:00:00.000Z"))
        // The unreadable entry is kept as written.
        #expect(saved["positions"]?["/a/bad.txt"]?["time"] == .string("yesterday"))
        // Read back: the same times.
        let again = try store.load()
        #expect(again["/a/new.txt"]?.time == 1_764_633_600.125)
        #expect(again["/a/since1970.txt"]?.time == 1_764_633_600.25)
    }
}
