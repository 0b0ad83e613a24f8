import Foundation
import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport

/// The reducers read no file and no clock: what they need from the world they ask for as
/// effects, and it comes back as actions. Here the articles' files are gone before the first
/// key, so any read in a reducer would show as an error; nothing is carried out but what the
/// test hands back.
@Suite struct ReducerTests {
    static let texts = [
        ("a.txt", "Harbour survey\n\nPort director Ottoline Fairweather counted the boats. " + String(repeating: "The tide rose. ", count: 200)
            + "Later Fairweather left."),
        ("b.txt", "Salt works\n\nOttoline Fairweather visited the salt pans."),
    ]

    /// A catalog whose files were deleted after loading (the indexes were built from them).
    static func catalogWithNoFiles() -> Catalog {
        let dir = TempFolder()
        let catalog = Catalog.files(texts, in: dir)
        dir.remove()
        return catalog
    }

    static func loaded(_ text: String, key: String) -> LoadedArticle {
        LoadedArticle(text: ArticleText(text), ref: ArticleRef(path: "a.txt", root: "/nowhere", hash: "fnv1a64:0"), positionKey: key)
    }

    @Test func aReducerRunsWithNoFilesAtAll() throws {
        let catalog = Self.catalogWithNoFiles()
        #expect(catalog.corpus.articles.count == 2)
        #expect(FileManager.default.fileExists(atPath: catalog.corpus.articles[0].path) == false)
        var s = AppState(catalog: catalog, size: Size(rows: 24, columns: 80))

        // Opening asks for the text; the list stays until it comes.
        let open = s.apply(.open)
        #expect(open == [.loadArticle(0, then: .resume)])
        #expect(s.screen == .list && s.message == nil)

        // The text comes back as an action (here made up: the file is gone), and is shown.
        let text = "Harbour survey\n\nPort director Ottoline Fairweather counted the boats. " + String(repeating: "The tide rose. ", count: 200)
        #expect(s.apply(.articleLoaded(0, .success(Self.loaded(text, key: "key-a")), then: .resume)) == [])
        #expect(s.screen == .article)
        #expect(s.screenText.contains("Port director Ottoline Fairweather"))

        // Leaving saves the place under the key the runner gave, untimed (the runner times it).
        s.apply(.pageDown)
        guard case .savePosition(let key, let position)? = s.apply(.back).first else {
            Issue.record("no position to save")
            return
        }
        #expect(key == "key-a" && position.offset > 0 && position.time == 0)

        // A bookmark is asked for without an id or a time: the runner makes those.
        s.apply(.open)
        _ = s.apply(.articleLoaded(0, .success(Self.loaded(text, key: "key-a")), then: .start))
        s.apply(.bookmarkHere)
        s.apply(.note(.insert("why")))
        let saved = s.apply(.note(.save))
        guard case .addBookmark(let new)? = saved.first, saved.count == 1 else {
            Issue.record("no bookmark asked for: \(saved)")
            return
        }
        #expect(new.note == "why" && new.article.path == "a.txt" && new.range.lowerBound == 0)

        // The concordance asks for its context lines; they come back and are drawn.
        s.apply(.back)
        s.apply(.showPeople)
        let person = try #require(s.visiblePeople.first)
        let contexts = s.apply(.open)
        guard case .loadContexts(let p, let requests, _)? = contexts.first else {
            Issue.record("no context lines asked for: \(contexts)")
            return
        }
        #expect(p == person && requests.map(\.entry) == Array(0..<requests.count) && !requests.isEmpty)
        #expect(s.screen == .concordance)
        s.apply(.contextsLoaded(person: person, [0: .init(before: "…before ", mention: "Ottoline Fairweather", after: " after…")]))
        #expect(s.row(1).contains("before Ottoline Fairweather after"))

        // A text that cannot be read is an error on the status line; the reader stays put.
        s.apply(.back)
        s.apply(.back)
        s.apply(.lineDown)
        #expect(s.apply(.open) == [.loadArticle(1, then: .resume)])
        s.apply(.articleLoaded(1, .failure(.unreadable(path: "b.txt", problem: "no such file")), then: .resume))
        #expect(s.screen == .list && s.message == .error("b.txt: no such file"))
    }

    /// The same keys with the runner's reads carried out (the screen driver) on those missing
    /// files: the read fails and says so, where a reducer reading the file itself would have
    /// done the same before the effect existed — the difference is who reads.
    @Test func theDriverCarriesOutTheReadsAgainstTheFiles() {
        var s = AppState(catalog: Self.catalogWithNoFiles(), size: Size(rows: 24, columns: 80))
        s.press(.enter)
        #expect(s.screen == .list)
        #expect(s.message?.kind == .error)
        #expect(s.message?.text.contains("a.txt") == true)
    }
}
