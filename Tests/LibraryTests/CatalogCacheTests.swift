import Foundation
import Testing
@testable import Library
import TestSupport

/// The catalog cache: a second start reads no article, a changed file is read again, and a
/// damaged cache is rebuilt, never trusted.
@Suite struct CatalogCacheTests {
    static func folder() -> TempFolder {
        let dir = TempFolder()
        dir.write("one.txt", "Lighthouse keepers strike\n\nOn Monday the keeper Oswin Marchetti refused the new rota. Marchetti said so twice.\n")
        dir.write("two.md", "# Ferry timetable cut\n\nThe cut angered Oswin Marchetti and the harbour master Liesl Vantongeren.\n")
        dir.write("sub/three.txt", "Weather\n\nQuiet week.\n")
        dir.write("bin.txt", bytes: [0, 1, 2, 3])
        return dir
    }

    func load(_ dir: TempFolder, _ cache: CatalogCache) -> (CatalogLoader, Catalog) {
        let loader = CatalogLoader.start(paths: [dir.path], cache: cache)
        return (loader, loader.wait())
    }

    func summary(_ c: Catalog) -> [String] {
        c.corpus.articles.map { "\($0.relativePath)|\($0.title)|\($0.words)" }
            + c.people.people.map { "\($0.name):\($0.mentionCount)" }
            + [String(describing: c.search.articles(matching: try! Query.parse("marchetti")))]
            + c.corpus.issues.filter { !$0.path.hasSuffix("catalog.bin") }.map(\.description)
    }

    @Test func secondStartUsesTheCache() throws {
        let dir = Self.folder()
        let cache = CatalogCache(path: dir.file("cache/catalog.bin"), roots: [dir.path], options: LoadOptions())
        let (first, built) = load(dir, cache)
        #expect(first.source == .build(reused: 0))
        #expect(FileManager.default.fileExists(atPath: cache.path))
        let (second, cached) = load(dir, cache)
        #expect(second.source == .cache)
        #expect(summary(cached) == summary(built))
        #expect(cached.people.people.map(\.name) == ["Oswin Marchetti", "Liesl Vantongeren"])
    }

    @Test func aChangedFileIsReadAgain() throws {
        let dir = Self.folder()
        let cache = CatalogCache(path: dir.file("cache/catalog.bin"), roots: [dir.path], options: LoadOptions())
        _ = load(dir, cache)
        // Same size, new content: the modification time (and inode, when replaced) tell.
        let before = try FileManager.default.attributesOfItem(atPath: dir.file("sub/three.txt"))[.size] as? Int
        usleep(20_000)
        dir.write("sub/three.txt", "Sunnier\n\nQuiet week.\n")
        #expect(try FileManager.default.attributesOfItem(atPath: dir.file("sub/three.txt"))[.size] as? Int == before)
        let (loader, catalog) = load(dir, cache)
        #expect(loader.source == .build(reused: 4))
        #expect(catalog.corpus.articles.map(\.title).contains("Sunnier"))
        #expect(!catalog.corpus.articles.map(\.title).contains("Weather"))
        // A new file is found, a removed one is gone.
        dir.write("four.txt", "Mayor Liesl Vantongeren resigns\n\nVantongeren left on Friday.\n")
        try FileManager.default.removeItem(atPath: dir.file("one.txt"))
        let (_, again) = load(dir, cache)
        #expect(again.corpus.articles.map(\.relativePath).sorted() == ["four.txt", "sub/three.txt", "two.md"])
        #expect(again.people.people.first { $0.name == "Liesl Vantongeren" }?.mentionCount == 3)
    }

    @Test func aDamagedCacheIsRebuilt() throws {
        let dir = Self.folder()
        let cache = CatalogCache(path: dir.file("cache/catalog.bin"), roots: [dir.path], options: LoadOptions())
        let (_, built) = load(dir, cache)
        let good = try Data(contentsOf: URL(fileURLWithPath: cache.path))
        var rng = SplitMix64(seed: 3)
        for round in 0..<60 {
            var bytes = [UInt8](good)
            switch round % 3 {
            case 0: bytes[rng.next(bytes.count)] ^= UInt8(1 + rng.next(255))   // a flipped byte anywhere
            case 1: bytes.removeLast(1 + rng.next(bytes.count - 1))              // torn
            default: bytes = (0..<rng.next(200)).map { _ in UInt8(rng.next(256)) }   // garbage
            }
            try Data(bytes).write(to: URL(fileURLWithPath: cache.path))
            let (loader, catalog) = load(dir, cache)
            #expect(summary(catalog) == summary(built), "round \(round)")
            if round % 3 != 0 { #expect(loader.source != .cache, "round \(round)") }
            // A damaged cache says so once (a flipped byte in the indexes only costs their rebuild).
            let notes = catalog.corpus.issues.filter { $0.path == cache.path }
            #expect(notes.count <= 1 && notes.allSatisfy { $0.severity == .note && $0.problem.contains("damaged") }, "round \(round)")
            if round % 3 == 1 { #expect(notes.count == 1, "round \(round)") }
        }
    }

    @Test func anotherFolderSetHasItsOwnCache() {
        let a = Self.folder(), b = TempFolder()
        b.write("x.txt", "Other\n\nText.\n")
        let home = TempFolder()
        let ca = CatalogCache(cacheHome: home.path, roots: [a.path], options: LoadOptions())!
        let cb = CatalogCache(cacheHome: home.path, roots: [b.path], options: LoadOptions())!
        #expect(ca.path != cb.path)
        _ = load(a, ca)
        // b's records are not a's: even a cache file copied over is refused for other roots.
        try? FileManager.default.createDirectory(atPath: (cb.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? FileManager.default.copyItem(atPath: ca.path, toPath: cb.path)
        #expect(cb.readRecords() == nil)
    }

    /// `reader list` (`Corpus.scan(cache:)`): records what it found, reads no unchanged file at
    /// the next listing, reads a changed one again; the reader then builds its indexes as usual.
    @Test func listingReusesAndRecordsTheCache() throws {
        let dir = Self.folder()
        let cache = CatalogCache(path: dir.file("cache/catalog.bin"), roots: [dir.path], options: LoadOptions())
        let first = Corpus.scan([dir.path], cache: cache)
        #expect(cache.readRecords() == first.records)
        // The same size, modification time and inode, other text: the recorded title is kept
        // (the file is not read again).
        let one = dir.file("one.txt")
        var st = stat()
        #expect(stat(one, &st) == 0)
        let fd = open(one, O_WRONLY)
        let same = Array("Harbour pilots strike\n\n".utf8)
        _ = same.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        close(fd)
        var times = [st.st_atim, st.st_mtim]
        #expect(utimensat(AT_FDCWD, one, &times, 0) == 0)
        let second = Corpus.scan([dir.path], cache: cache)
        #expect(second.articles.map(\.title) == first.articles.map(\.title))
        // A changed size: read again, and recorded.
        dir.write("two.md", "# Ferry timetable restored\n\nAll sailings are back.\n")
        let third = Corpus.scan([dir.path], cache: cache)
        #expect(third.articles.map(\.title).contains("Ferry timetable restored"))
        #expect(cache.readRecords() == third.records)
        // The reader's start after a listing: the indexes are built (the listing wrote none).
        let (_, catalog) = load(dir, cache)
        #expect(catalog.search.articles(matching: try Query.parse("sailings")).count == 1)
        #expect(catalog.corpus.articles.map(\.title) == third.articles.map(\.title))
    }
}
