import Foundation
import Library

/// One person's mentions across the corpus, each with a line of context.
public struct ConcordanceState: Sendable {
    public let person: Int
    public let entries: [(article: Int, range: Range<Int>)]
    public internal(set) var selection = 0
    public internal(set) var top = 0
    /// Context lines already made, by entry (made for the rows on screen, as they scroll in).
    public internal(set) var contexts: [Int: Context] = [:]
    /// The window width the contexts were made for (another width: made again).
    var contextWidth = 0

    public struct Context: Equatable, Sendable {
        /// The text around the mention on one line, and where the mention is in it (characters).
        public internal(set) var before: String
        public internal(set) var mention: String
        public internal(set) var after: String
    }
}

extension AppState {
    mutating func openConcordance(_ person: Int) -> [Effect] {
        let entries = people.mentions(of: person)
        concordance = ConcordanceState(person: person, entries: entries)
        show(.concordance)
        return clampConcordance()
    }

    var concordanceRows: Int { max(1, size.rows - 2) }

    /// Keeps the selection in view, and asks for the context lines of the rows now on screen
    /// (made as they scroll in, read by the runner: `Effect.loadContexts`).
    mutating func clampConcordance() -> [Effect] {
        guard var c = concordance else { return [] }
        let rows = concordanceRows
        c.clamp(total: c.entries.count, rows: rows)
        let width = max(20, size.columns)
        if c.contextWidth != width {
            c.contexts = [:]
            c.contextWidth = width
        }
        concordance = c
        let wanted = (c.top..<min(c.entries.count, c.top + rows)).filter { c.contexts[$0] == nil }.map {
            ContextRequest(entry: $0, article: c.entries[$0].article, range: c.entries[$0].range)
        }
        return wanted.isEmpty ? [] : [.loadContexts(person: c.person, wanted, width: width)]
    }

    /// Context lines read by the runner, for the concordance they were asked for.
    mutating func contextsLoaded(person: Int, _ contexts: [Int: ConcordanceState.Context]) {
        guard var c = concordance, c.person == person else { return }
        c.contexts.merge(contexts) { _, new in new }
        concordance = c
    }

    mutating func applyConcordance(_ action: Action, count: Int?) -> [Effect] {
        guard var c = concordance else { return [] }
        switch action {
        case .back:
            goBack()
            return []
        case .filterByPerson:
            filterList(byPerson: c.person)
            return []
        case .open:
            guard c.selection < c.entries.count else { return [] }
            let entry = c.entries[c.selection]
            return jump(to: entry.article, range: entry.range,
                        message: "\(people.people[c.person].name): mention \(c.selection + 1) of \(c.entries.count)"
                            + bracketHint([(.nextMention, .char("]"), "next"), (.jumpBack, .ctrl("o"), "back")]))
        default:
            c.move(action, count: count, rows: concordanceRows, total: c.entries.count)
        }
        concordance = c
        return clampConcordance()
    }
}

/// Draws one person's concordance: a line a mention, the name highlighted in its context.
enum ConcordanceView {
    static func draw(_ state: AppState, into grid: inout Grid) {
        guard let c = state.concordance else { return }
        let width = state.size.columns
        let person = state.people.people[c.person]
        grid.fill(row: 0, style: .header)
        grid.put(" \(person.name) — \(counted(c.entries.count, "mention")) in \(counted(person.articleCount, "article"))",
                 row: 0, column: 0, style: .header)
        let rows = state.concordanceRows
        let titleWidth = width >= 80 ? min(28, width / 4) : 0
        for r in 0..<rows {
            let i = c.top + r
            guard i < c.entries.count else { break }
            let entry = c.entries[i]
            let row = 1 + r
            let selected = i == c.selection
            if selected { grid.fill(row: row, style: .selected) }
            var x = 1
            if titleWidth > 0 {
                grid.put(state.corpus.articles[entry.article].title, row: row, column: x, style: selected ? .selected : .dim, limit: titleWidth)
                x += titleWidth + 2
            }
            guard let context = c.contexts[i] else { continue }
            // Centre the mention in the room left, as a keyword-in-context line.
            let room = width - x - 1
            let mentionWidth = Sanitizer.width(context.mention)
            let beforeRoom = max(0, (room - mentionWidth) / 2)
            var before = context.before
            var cut = false
            while Sanitizer.width(before) > beforeRoom, !before.isEmpty { before.removeFirst(); cut = true }
            // Cut at the left as at the right: with `…`.
            if cut, !before.isEmpty { before = "…" + before.dropFirst() }
            let start = x + beforeRoom - Sanitizer.width(before)
            x = grid.put(before, row: row, column: start, style: selected ? .selected : .normal, limit: width - start)
            x = grid.put(context.mention, row: row, column: x, style: selected ? .personSelected : .person, limit: max(0, width - x))
            grid.put(context.after, row: row, column: x, style: selected ? .selected : .normal, limit: max(0, width - x - 1))
        }
        StatusLine.draw(state, into: &grid, left: " \(formatCount(c.selection + 1))/\(formatCount(c.entries.count))",
                        right: state.hints([(.open, .enter, "open there"), (.filterByPerson, .char("f"), "their articles"),
                                           (.back, .char("q"), "back")], in: .concordance))
    }
}
