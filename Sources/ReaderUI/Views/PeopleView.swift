import Foundation
import Library

/// The people panel: everyone the corpus mentions, most mentioned first, filterable.
public struct PeopleListState: Equatable, Sendable {
    public var selection = 0
    public var top = 0
    public var filter = ""
}

/// One person's mentions across the corpus, each with a line of context.
public struct ConcordanceState: Sendable {
    public let person: Int
    public let entries: [(article: Int, range: Range<Int>)]
    public var selection = 0
    public var top = 0
    /// Context lines already made, by entry (made for the rows on screen, as they scroll in).
    public var contexts: [Int: Context] = [:]

    public struct Context: Equatable, Sendable {
        /// The text around the mention on one line, and where the mention is in it (characters).
        public var before: String
        public var mention: String
        public var after: String
    }
}

/// A place to come back to with Ctrl-O.
public struct JumpPosition: Equatable, Sendable {
    public var article: Int
    public var topOffset: Int
    public var selection: Range<Int>?
}

extension AppState {
    /// People shown in the panel, in order.
    public var visiblePeople: [Int] {
        let query = peopleList.filter.trimmingCharacters(in: .whitespaces)
        return query.isEmpty ? Array(people.people.indices) : people.people(matching: query)
    }

    mutating func showPeople() {
        // With a name selected in the article, start on that person.
        if screen == .article, let person = reading?.selectedPerson {
            peopleList.filter = ""
            peopleList.selection = visiblePeople.firstIndex(of: person) ?? 0
        }
        show(.people)
        clampPeopleList()
    }

    mutating func clampPeopleList() {
        peopleList.clamp(total: visiblePeople.count, rows: max(1, size.rows - 2))
    }

    var selectedPersonInPanel: Int? {
        let visible = visiblePeople
        return visible.isEmpty ? nil : visible[min(peopleList.selection, visible.count - 1)]
    }

    mutating func applyPeople(_ action: Action, count: Int?) -> [Effect] {
        switch action {
        case .back: goBack()
        case .filter: prompt = Prompt(kind: .peopleFilter, text: peopleList.filter)
        case .open:
            if let person = selectedPersonInPanel { openConcordance(person) }
        case .filterByPerson:
            if let person = selectedPersonInPanel { filterList(byPerson: person) }
        default:
            peopleList.move(action, count: count, rows: max(1, size.rows - 2), total: visiblePeople.count)
        }
        clampPeopleList()
        return []
    }

    mutating func openConcordance(_ person: Int) {
        let entries = people.mentions(of: person)
        concordance = ConcordanceState(person: person, entries: entries)
        show(.concordance)
        clampConcordance()
    }

    /// The article list, narrowed to the articles that mention a person.
    mutating func filterList(byPerson person: Int) {
        setListFilter(ListFilter.personQuery(people.people[person].name))
        show(.list)
    }

    var concordanceRows: Int { max(1, size.rows - 2) }

    mutating func clampConcordance() {
        guard var c = concordance else { return }
        let rows = concordanceRows
        c.clamp(total: c.entries.count, rows: rows)
        // Make the context lines for the rows now on screen.
        for i in c.top..<min(c.entries.count, c.top + rows) where c.contexts[i] == nil {
            let entry = c.entries[i]
            if case .success(let text) = corpus.text(of: entry.article) {
                c.contexts[i] = AppState.context(of: entry.range, in: text, width: max(20, size.columns))
            }
        }
        concordance = c
    }

    /// A line of context around a range: the words before and after it, on its own line of text.
    static func context(of range: Range<Int>, in text: ArticleText, width: Int) -> ConcordanceState.Context {
        let s = text.scalars
        let side = max(8, (width - (range.count + 40)) / 2)
        var start = range.lowerBound
        while start > 0 && range.lowerBound - start < side && s[start - 1] != "\n" { start -= 1 }
        var end = range.upperBound
        while end < s.count && end - range.upperBound < side && s[end] != "\n" { end += 1 }
        func flat(_ r: Range<Int>) -> String {
            String(text.string(r).map { $0.isNewline || $0 == "\t" ? " " : $0 })
        }
        var before = flat(start..<range.lowerBound)
        var after = flat(range.upperBound..<end)
        if start > 0 && s[start - 1] != "\n" { before = "…" + before }
        if end < s.count && s[end] != "\n" { after += "…" }
        return .init(before: before, mention: flat(range), after: after)
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
            let effects = jump(to: entry.article, range: entry.range, person: c.person)
            guard screen == .article, reading?.index == entry.article else { return effects }   // it could not be opened
            message = .info("\(people.people[c.person].name): mention \(c.selection + 1) of \(c.entries.count) (] next, Ctrl-O back)")
            return effects
        default:
            c.move(action, count: count, rows: concordanceRows, total: c.entries.count)
        }
        concordance = c
        clampConcordance()
        return []
    }

    // MARK: Mentions in the open article

    /// Offsets on screen now: from the first character of the top line to the end of the last.
    var screenRange: Range<Int> {
        guard let r = reading, r.layout.lineCount > 0 else { return 0..<0 }
        let first = topLine
        let last = min(r.layout.lineCount - 1, first + geometry.linesOnScreen - 1)
        return r.layout.range(ofLine: first).lowerBound..<r.layout.range(ofLine: last).upperBound
    }

    /// Tab / Shift-Tab: the next or previous name on screen (wrapping around the screen).
    mutating func selectMention(forward: Bool) {
        guard var r = reading else { return }
        let visible = screenRange
        let onScreen = r.mentions.indices.filter { visible.contains(r.mentions[$0].range.lowerBound) }
        guard !onScreen.isEmpty else {
            message = .info(r.mentions.isEmpty ? "No people are named in this article" : "No names on this page")
            return
        }
        let current = r.selectedMention.flatMap { onScreen.firstIndex(of: $0) }
        let next: Int
        if let current {
            next = forward ? (current + 1) % onScreen.count : (current - 1 + onScreen.count) % onScreen.count
        } else {
            next = forward ? 0 : onScreen.count - 1
        }
        r.selectedMention = onScreen[next]
        reading = r
        let person = people.people[r.mentions[onScreen[next]].person]
        message = .info("\(person.name): \(formatCount(person.mentionCount)) mention\(person.mentionCount == 1 ? "" : "s") in \(formatCount(person.articleCount)) article\(person.articleCount == 1 ? "" : "s")  (] [ jump, p people, m bookmark)")
    }

    /// `]` / `[`: the next or previous mention of the selected person, into other articles.
    mutating func jumpToMention(forward: Bool) -> [Effect] {
        guard let r = reading else { return [] }
        if r.selectedMention == nil {
            selectMention(forward: true)
            guard reading?.selectedMention != nil else { return [] }
        }
        guard let r = reading, let selected = r.selectedMention else { return [] }
        let mention = r.mentions[selected]
        let person = people.people[mention.person]
        let target = forward
            ? people.nextMention(of: mention.person, from: r.index, offset: mention.range.lowerBound)
            : people.previousMention(of: mention.person, from: r.index, offset: mention.range.lowerBound)
        guard let target else {
            message = .info("No \(forward ? "more" : "earlier") mentions of \(person.name) (\(forward ? "this is the last" : "this is the first") of \(person.mentionCount))")
            return []
        }
        let crossed = target.article != r.index
        let effects = jump(to: target.article, range: target.range, person: mention.person)
        guard reading?.index == target.article else { return effects }   // it could not be opened
        let all = people.mentions(of: mention.person)
        let number = (all.firstIndex { $0.article == target.article && $0.range == target.range } ?? 0) + 1
        if crossed {
            let title = corpus.articles[target.article].title
            message = .info("\(forward ? "Next" : "Previous") article mentioning \(person.name): “\(title)” — mention \(number) of \(all.count) (Ctrl-O back)")
        } else {
            message = .info("\(person.name): mention \(number) of \(all.count)")
        }
        return effects
    }

    /// Goes to a range in an article (opening it if needed), selects it if it is a mention,
    /// remembers where it came from for Ctrl-O.
    mutating func jump(to article: Int, range: Range<Int>, person: Int?) -> [Effect] {
        var effects: [Effect] = []
        if screen == .article || !returnStack.isEmpty { rememberJump() }
        if reading?.index != article || screen != .article {
            if reading?.index != article || corpus.currentText(of: article).map(\.text) != .success(reading!.text) {
                // Another article, or this one changed on disk meanwhile: opened as it is now.
                effects += leaveArticle()
                effects += openArticle(article, resume: false)
            } else {
                show(.article)
            }
        }
        guard var r = reading, r.index == article, screen == .article else { return effects }
        r.selectedMention = r.mentions.firstIndex { $0.range == range }
        if r.selectedMention == nil { r.flash = range }
        reading = r
        reveal(range.lowerBound)
        return effects
    }

    /// Puts the open article's place on the jump list (Ctrl-O comes back to it).
    mutating func rememberJump() {
        guard let r = reading else { return }
        jumpList.append(JumpPosition(article: r.index, topOffset: r.topOffset, selection: r.selectedRange))
        if jumpList.count > 100 { jumpList.removeFirst() }
    }

    /// Scrolls so that an offset is on screen: unchanged if it already is, else to its page.
    mutating func reveal(_ offset: Int) {
        guard let r = reading, let pagination else { return }
        if screenRange.contains(offset) { return }
        let line = r.layout.line(containing: offset)
        scroll(toLine: pagination.firstLine(ofPage: pagination.page(ofLine: line)))
    }

    /// Ctrl-O: back to where the last jump came from.
    mutating func jumpBack() -> [Effect] {
        guard let back = jumpList.popLast() else {
            message = .info("No earlier place to go back to")
            return []
        }
        var effects: [Effect] = []
        if reading?.index != back.article {
            effects += leaveArticle()
            effects += openArticle(back.article, resume: false)
            guard reading?.index == back.article else { return effects }   // it could not be opened
        }
        show(.article)
        guard var r = reading, r.index == back.article else { return effects }
        r.topOffset = back.topOffset
        r.selectedMention = back.selection.flatMap { sel in r.mentions.firstIndex { $0.range == sel } }
        reading = r
        message = .info("Back to “\(corpus.articles[back.article].title)”")
        return effects
    }
}

/// Draws the people panel.
enum PeopleView {
    static func draw(_ state: AppState, into grid: inout Grid) {
        let width = state.size.columns
        let visible = state.visiblePeople
        grid.fill(row: 0, style: .header)
        var header = " People  \(formatCount(state.people.people.count))"
        if !state.peopleList.filter.isEmpty { header += "  (\(formatCount(visible.count)) match “\(state.peopleList.filter)”)" }
        grid.put(header, row: 0, column: 0, style: .header)
        let countsWidth = 24
        if width > countsWidth + 12 {
            grid.put("mentions  articles", row: 0, column: width - 1 - 18, style: .header)
        }
        if let progress = state.indexing {
            grid.put("  Finding the people in \(formatCount(progress.total)) articles… \(progress.done * 100 / max(1, progress.total))%",
                     row: 2, column: 0, style: .dim)
        } else if visible.isEmpty {
            grid.put(state.people.people.isEmpty ? "  No people found in these articles." : "  Nobody matches.", row: 2, column: 0, style: .dim)
        }
        let rows = max(1, state.size.rows - 2)
        for r in 0..<rows {
            let i = state.peopleList.top + r
            guard i < visible.count else { break }
            let person = state.people.people[visible[i]]
            let row = 1 + r
            let selected = i == state.peopleList.selection
            if selected { grid.fill(row: row, style: .selected) }
            let nameEnd = grid.put(person.name, row: row, column: 1, style: selected ? .selected : .person,
                                   limit: max(1, width - 2 - (width > countsWidth + 12 ? countsWidth : 0)))
            let others = person.aliases.filter { $0 != person.name }
            if !others.isEmpty, width > countsWidth + 30 {
                grid.put("  " + others.joined(separator: ", "), row: row, column: nameEnd, style: selected ? .selected : .dim,
                         limit: max(0, width - nameEnd - countsWidth - 2))
            }
            if width > countsWidth + 12 {
                let counts = pad(formatCount(person.mentionCount), 8) + pad(formatCount(person.articleCount), 10)
                grid.put(counts, row: row, column: width - 1 - counts.count, style: selected ? .selected : .normal)
            }
        }
        StatusLine.draw(state, into: &grid, left: visible.isEmpty ? "" : " \(state.peopleList.selection + 1)/\(formatCount(visible.count))",
                        right: "Enter mentions  f their articles  / filter  q back ")
    }

    static func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
}

/// Draws one person's concordance: a line a mention, the name highlighted in its context.
enum ConcordanceView {
    static func draw(_ state: AppState, into grid: inout Grid) {
        guard let c = state.concordance else { return }
        let width = state.size.columns
        let person = state.people.people[c.person]
        grid.fill(row: 0, style: .header)
        grid.put(" \(person.name) — \(formatCount(c.entries.count)) mention\(c.entries.count == 1 ? "" : "s") in \(formatCount(person.articleCount)) article\(person.articleCount == 1 ? "" : "s")",
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
            while Sanitizer.width(before) > beforeRoom, !before.isEmpty { before.removeFirst() }
            let start = x + beforeRoom - Sanitizer.width(before)
            x = grid.put(before, row: row, column: start, style: selected ? .selected : .normal, limit: width - start)
            x = grid.put(context.mention, row: row, column: x, style: selected ? .personSelected : .person, limit: max(0, width - x))
            grid.put(context.after, row: row, column: x, style: selected ? .selected : .normal, limit: max(0, width - x - 1))
        }
        StatusLine.draw(state, into: &grid, left: " \(c.selection + 1)/\(formatCount(c.entries.count))",
                        right: "Enter open there  f their articles  q back ")
    }
}
