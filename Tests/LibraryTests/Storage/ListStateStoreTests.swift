import Foundation
import Testing
import TestSupport
@testable import Library

/// The list's state between runs: saved per set of folders, merged with other entries, unknown
/// fields kept, a bad file never overwritten.
struct ListStateStoreTests {
    @Test func savesAndLoadsPerSetOfFoldersKeepingOthers() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let store = ListStateStore(path: dir.file("state/reader/list.json"))
        #expect(try store.load("/a") == ListMemory())
        try store.save(ListMemory(sort: .title, filter: "putin", cursor: "/a/x.txt"), for: "/a")
        try store.save(ListMemory(sort: .lastRead, filter: nil, cursor: "/b/y.txt"), for: "/b")
        #expect(try store.load("/a") == ListMemory(sort: .title, filter: "putin", cursor: "/a/x.txt"))
        #expect(try store.load("/b") == ListMemory(sort: .lastRead, filter: nil, cursor: "/b/y.txt"))
        let json = try JSONValue.parse(dir.read("state/reader/list.json")!)
        #expect(json["lists"]?["/b"]?["sort"]?.stringValue == "last-read")
    }

    @Test func unknownFieldsAndSortsSurviveARewrite() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.write("list.json", #"{"version": 1, "future": [1], "lists": {"/a": {"sort": "colour", "pinned": true}}}"#)
        let store = ListStateStore(path: path)
        #expect(try store.load("/a").sort == nil)
        try store.save(ListMemory(sort: .date), for: "/a")
        let json = try JSONValue.parse(dir.read("list.json")!)
        #expect(json["future"] != nil)
        #expect(json["lists"]?["/a"]?["pinned"] == .bool(true))
        #expect(json["lists"]?["/a"]?["sort"]?.stringValue == "date")
    }

    @Test func aFileThatDoesNotParseIsNeverOverwritten() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        for bad in ["{\"version\": 1, \"lists\": ", "[]", #"{"version": 9, "lists": {}}"#, #"{"version": 1}"#] {
            let path = dir.write("list.json", bad)
            let store = ListStateStore(path: path)
            #expect(throws: StorageError.self) { try store.load("/a") }
            #expect(throws: StorageError.self) { try store.save(ListMemory(sort: .title), for: "/a") }
            #expect(dir.readText("list.json") == bad)
        }
    }
}
