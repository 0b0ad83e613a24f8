import Dispatch
import Foundation
import Library
import ReaderUI
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Words to search for, chosen from the corpus

/// Words and typed scripts chosen from the corpus itself (letters-only words of an article in the
/// middle), so the figures mean the same on any folder: the rarest and the most common by the
/// number of articles they occur in, two middling words, the most mentioned person's surname.
struct BenchWords {
    var rare: String
    var common: String
    var pair: String
    var pairRarer: String
    var scripts: [String]

    init(_ catalog: Catalog, folder: String) throws {
        let corpus = catalog.corpus
        var tokens: [String] = []
        var seen = Set<String>()
        var candidates: [(word: String, articles: Int)] = []
        let middle = corpus.articles.count / 2
        for k in 0..<min(corpus.articles.count, 25) where candidates.count < 150 {
            guard let text = try? corpus.text(of: (middle + k) % corpus.articles.count).get() else { continue }
            let words = text.string.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
            if tokens.isEmpty { tokens = words.map { $0.lowercased() } }
            for word in words where word.count >= 3 && word.allSatisfy({ $0.isASCII && $0.isLetter }) {
                let key = word.lowercased()
                guard seen.insert(key).inserted, let query = try? Query.parse(key) else { continue }
                let n = catalog.search.articles(matching: query).count
                if n > 0 { candidates.append((key, n)) }
            }
        }
        guard candidates.count >= 3 else { throw CLIError("bench: \(folder): too few words to search for (need articles with text)") }
        candidates.sort { $0.articles != $1.articles ? $0.articles < $1.articles : $0.word < $1.word }
        rare = candidates.first!.word
        common = candidates.last!.word
        let a = candidates[candidates.count / 2 - 1], b = candidates[candidates.count / 2]
        pair = a.word + " " + b.word
        pairRarer = a.articles <= b.articles ? a.word : b.word
        var phrase = "\"" + pair
        let commonWord = candidates.last!.word
        if let at = tokens.indices.dropLast().first(where: { tokens[$0] == commonWord && tokens[$0 + 1].allSatisfy(\.isLetter) }) {
            phrase = "\"" + commonWord + " " + tokens[at + 1]
        }
        scripts = [common, pair, phrase]
        if let top = catalog.people.people.max(by: { $0.mentionCount < $1.mentionCount }),
           let surname = top.name.split(separator: " ").last {
            let key = Folding.key(surname)
            scripts = [key, "person:" + key] + scripts
        }
    }
}

/// The long texts the layout figures use.
enum LayoutSamples {
    /// The corpus's articles end to end (cycling when it is small) up to `bytes`.
    static func article(from corpus: Corpus, bytes: Int) -> String {
        var out = ""
        var size = 0
        var i = 0
        var passSize = 0
        while size < bytes {
            if i > 0 && i % corpus.articles.count == 0 {
                if passSize == 0 { break }
                passSize = 0
            }
            if let text = try? corpus.text(of: i % corpus.articles.count).get() {
                let s = text.string + "\n\n"
                out += s
                size += s.utf8.count
                passSize += s.utf8.count
            }
            i += 1
        }
        return out
    }

    /// The corpus's paragraphs as Markdown notes, up to `bytes`: headings, emphasis, links, lists,
    /// a table and a code block every few paragraphs (every element the renderer handles).
    static func markdown(from corpus: Corpus, bytes: Int) -> String {
        let paragraphs = article(from: corpus, bytes: bytes).split(separator: "\n\n").map { $0.replacingOccurrences(of: "\n", with: " ") }
        var out = "---\ntitle: A long Markdown article\nauthor: reader-bench\n---\n\n"
        var k = 0
        while out.utf8.count < bytes && !paragraphs.isEmpty {
            let p = paragraphs[k % paragraphs.count]
            let words = p.split(separator: " ")
            switch k % 12 {
            case 0: out += "## " + words.prefix(6).joined(separator: " ") + "\n\n"
            case 3: out += words.prefix(30).enumerated().map { $0.offset % 7 == 3 ? "**\($0.element)**" : ($0.offset % 11 == 5 ? "[\($0.element)](https://example.org/\($0.offset))" : String($0.element)) }.joined(separator: " ") + "\n\n"
            case 5: out += stride(from: 0, to: min(words.count, 40), by: 8).map { "- " + words[$0..<min(words.count, $0 + 8)].joined(separator: " ") + "\n  - *nested* item" }.joined(separator: "\n") + "\n\n"
            case 7: out += "| a | b | c |\n|---|---|---|\n" + stride(from: 0, to: min(words.count, 30), by: 3).map { "| " + words[$0..<min(words.count, $0 + 3)].joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n\n"
            case 9: out += "```\n" + words.prefix(20).joined(separator: " ") + "\n```\n\n> " + words.prefix(40).joined(separator: " ") + "\n\n"
            default: out += p + "\n\n"
            }
            k += 1
        }
        return out
    }

    /// Ideographs in sentences and paragraphs, no spaces, as Chinese or Japanese text has.
    static func cjk(bytes: Int) -> String {
        var rng = SplitMix64(seed: 7)
        var s = String.UnicodeScalarView()
        var size = 0
        while size < bytes {
            for _ in 0..<(3 + rng.next(4)) {
                for _ in 0..<(8 + rng.next(30)) { s.append(Unicode.Scalar(0x4E00 + UInt32(rng.next(0x5000)))!) ; size += 3 }
                s.append("。")
                size += 3
            }
            s.append(contentsOf: "\n\n".unicodeScalars)
            size += 2
        }
        return String(s)
    }
}

// MARK: - The generated corpus

enum GeneratedCorpus {
    /// The folder of `count` articles for `seed` under `temp`, generated unless it is already
    /// complete (generated into a side folder, then renamed, so an interrupted run leaves no
    /// half corpus under the final name).
    static func prepare(count: Int, seed: UInt64, under temp: String) throws -> (folder: String, state: String) {
        let folder = temp + "/reader-bench-corpus-n\(count)-s\(seed)"
        let fm = FileManager.default
        if let names = try? fm.contentsOfDirectory(atPath: folder),
           names.filter({ $0.hasSuffix(".txt") || $0.hasSuffix(".md") }).count == count {
            return (folder, "generated earlier, seed \(seed)")
        }
        Tools.progress("generating \(Fmt.grouped(count)) articles into \(folder)", always: true)
        let partial = folder + ".partial"
        try? fm.removeItem(atPath: partial)
        do {
            let generate = try Generate.parse([partial, "--count", String(count), "--seed", String(seed)])
            try generate.run()
            try? fm.removeItem(atPath: folder)
            guard rename(partial, folder) == 0 else { throw CLIError("\(folder): cannot rename the generated corpus into place: \(describeErrno(errno))") }
        } catch {
            try? fm.removeItem(atPath: partial)
            throw error
        }
        return (folder, "generated now, seed \(seed)")
    }
}

// MARK: - Private homes for child processes

/// A scratch folder with private homes (HOME, XDG_CACHE/STATE/DATA/CONFIG_HOME) for the child
/// processes, so no measurement reads or writes the user's cache, positions or bookmarks.
final class Sandbox {
    let root: String
    let errorLog: String
    private let base: [String: String]
    private var homes = 0

    init(under temp: String, environment: [String: String]) throws {
        var template = Array((temp + "/reader-bench-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CLIError("\(temp): cannot create a scratch folder: \(describeErrno(errno))")
        }
        root = String(cString: made)
        errorLog = root + "/stderr.log"
        var env = environment
        env["READER_BOOKMARKS"] = nil
        base = env
    }

    /// A new empty home.
    func makeHome() throws -> String {
        homes += 1
        let home = root + "/home-\(homes)"
        guard mkdir(home, 0o700) == 0 else { throw CLIError("\(home): cannot create a folder: \(describeErrno(errno))") }
        return home
    }

    /// The home shared by measurements that need none of their own.
    func sharedHome() throws -> String {
        let home = root + "/shared"
        if mkdir(home, 0o700) != 0 && errno != EEXIST { throw CLIError("\(home): cannot create a folder: \(describeErrno(errno))") }
        return home
    }

    func environment(home: String) -> [String] {
        var env = base
        env["HOME"] = home
        for (name, sub) in [("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")] {
            env[name] = home + "/" + sub
        }
        return env.map { $0.key + "=" + $0.value }
    }

    /// Bytes of the catalog cache files written in `home`.
    func cacheBytes(home: String) -> Int {
        let dir = home + "/cache/reader"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".bin") }.reduce(0) { total, name in
            var st = stat()
            return total + (stat(dir + "/" + name, &st) == 0 ? Int(st.st_size) : 0)
        }
    }

    func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
    func removeAll() { remove(root) }

}
