import Foundation
import Library

/// The article screen: the people mentioned in it (Tab, Shift-Tab), jumps between their
/// mentions across articles (`]`, `[`) and back (Ctrl-O).

/// A place to come back to with Ctrl-O.
public struct JumpPosition: Equatable, Sendable {
    public internal(set) var article: Int
    public internal(set) var topOffset: Int
    public internal(set) var selection: Range<Int>?
}

extension AppState {
    /// Offsets on screen now: from the first character of the top line to the end of the last.
    var screenRange: Range<Int> {
        guard let r = reading, r.layout.lineCount > 0 else { return 0..<0 }
        let first = topLine
        let last = min(r.layout.lineCount - 1, first + geometry.linesOnScreen - 1)
        // Offsets of the text: the lowest to the highest any line on screen shows.
        var low = Int.max
        var high = 0
        for line in first...last {
            let range = r.rendition.sourceRange(ofLine: line)
            low = min(low, range.lowerBound)
            high = max(high, range.upperBound)
        }
        if last == r.layout.lineCount - 1 { high = r.text.count }
        return min(low, high)..<high
    }

    /// Tab / Shift-Tab: the next or previous name on screen (wrapping around the screen).
    mutating func selectMention(forward: Bool) {
        guard let r = reading else { return }
        let visible = screenRange
        let onScreen = r.mentions.indices.filter { visible.contains(r.mentions[$0].range.lowerBound) }
        guard !onScreen.isEmpty else {
            if r.mentions.isEmpty, let building = indexBuilding {
                // Not known yet: said so, and done once the index is ready.
                message = .info("Finding the people: \(building); Tab works once it is ready")
                waitingForIndexes = forward ? .selectNextMention : .selectPreviousMention
                return
            }
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
        selectMention(at: onScreen[next])
    }

    /// Selects the mention at `index` of the article's mentions and says who it is.
    mutating func selectMention(at index: Int) {
        guard var r = reading, r.mentions.indices.contains(index) else { return }
        r.selectedMention = index
        reading = r
        let person = people.people[r.mentions[index].person]
        message = .info("\(person.name): \(counted(person.mentionCount, "mention")) in \(counted(person.articleCount, "article")) "
                        + bracketHint([(.nextMention, .char("]"), "next"), (.previousMention, .char("["), "previous"), (.showPeople, .char("p"), "people"),
                                       (.bookmarkHere, .char("m"), "bookmark")]))
    }

    /// `]` / `[`: the next or previous mention of the selected person, into other articles
    /// (`10]`: the tenth next).
    mutating func jumpToMention(forward: Bool, count: Int = 1) -> [Effect] {
        guard let r = reading else { return [] }
        if r.selectedMention == nil {
            selectMention(forward: true)
            if waitingForIndexes != nil {
                waitingForIndexes = forward ? .nextMention : .previousMention
                message = .info("Finding the people: \(indexBuilding ?? "index building"); \(forward ? "]" : "[") works once it is ready")
            }
            guard reading?.selectedMention != nil else { return [] }
        }
        guard let r = reading, let selected = r.selectedMention else { return [] }
        let mention = r.mentions[selected]
        let person = people.people[mention.person]
        var target: (article: Int, range: Range<Int>)?
        var from = (article: r.index, offset: mention.range.lowerBound)
        for _ in 0..<max(1, count) {
            let step = forward
                ? people.nextMention(of: mention.person, from: from.article, offset: from.offset)
                : people.previousMention(of: mention.person, from: from.article, offset: from.offset)
            guard let step else { break }
            target = (step.article, step.range)
            from = (step.article, step.range.lowerBound)
        }
        guard let target else {
            message = .info("No \(forward ? "more" : "earlier") mentions of \(person.name) (\(forward ? "this is the last" : "this is the first") of \(person.mentionCount))")
            return []
        }
        let all = people.mentions(of: mention.person)
        let number = (all.firstIndex { $0.article == target.article && $0.range == target.range } ?? 0) + 1
        let said: String
        if target.article != r.index {
            let title = corpus.articles[target.article].title
            said = "\(forward ? "Next" : "Previous") article mentioning \(person.name): “\(title)” — mention \(number) of \(all.count)" + bracketHint([(.jumpBack, .ctrl("o"), "back")])
        } else {
            said = "\(person.name): mention \(number) of \(all.count)"
        }
        return jump(to: target.article, range: target.range, message: said, hop: .mention)
    }

    /// Goes to a range in an article (opening it if needed: the article open below is read again,
    /// in case it changed on disk), selects it if it is a mention, remembers where it came from
    /// for Ctrl-O (once for a run of hops of one kind in one article), and says `message` there.
    mutating func jump(to article: Int, range: Range<Int>, message said: String?, hop: Navigation.Hop? = nil) -> [Effect] {
        if screen == .article || !navigation.stack.isEmpty { rememberJump(hop: hop, to: article) }
        let arrival = Arrival.range(range, message: said)
        if reading?.index == article {
            return screen == .article ? arrive(arrival, in: article) : openArticle(article, arrival)
        }
        return switchArticle(to: article, arrival)
    }

    /// Shows a range of the open article: selected if it is a mention, else flashed.
    mutating func arriveAt(_ range: Range<Int>, message said: String?) {
        guard var r = reading else { return }
        r.selectedMention = r.mentions.firstIndex { $0.range == range }
        if r.selectedMention == nil { r.flash = range }
        reading = r
        reveal(range.lowerBound)
        if let said { message = .info(said) }
    }

    /// Puts the open article's place on the jump list (Ctrl-O comes back to it), before a jump to
    /// `target` (an article). A hop (`]` `[`, `n` `N`) that goes on a run of hops of its kind
    /// within one article adds nothing: the run is one step.
    mutating func rememberJump(hop: Navigation.Hop? = nil, to target: Int? = nil) {
        guard let r = reading else { return }
        defer { navigation.run = hop.map { Navigation.Run(hop: $0, article: target ?? r.index) } }
        if let hop, let run = navigation.run, run.hop == hop, run.article == r.index, (target ?? r.index) == r.index, screen == .article {
            return
        }
        navigation.remember(here(r))
    }

    func here(_ r: ReadingState) -> JumpPosition {
        JumpPosition(article: r.index, topOffset: r.topOffset, selection: r.selectedRange)
    }

    /// Scrolls so that an offset is on screen: unchanged if it already is, else to its page.
    mutating func reveal(_ offset: Int) {
        guard let r = reading, let pagination else { return }
        if screenRange.contains(offset) { return }
        let line = r.rendition.line(containingSource: offset)
        scroll(toLine: pagination.firstLine(ofPage: pagination.page(ofLine: line)))
    }

    /// Ctrl-O: back to where the last jump came from.
    mutating func jumpBack() -> [Effect] {
        guard let back = navigation.popJump(current: screen == .article ? reading.map(here) : nil) else {
            message = .info("No earlier place to go back to")
            return []
        }
        return go(to: back, back: true)
    }

    /// Ctrl-R: forward again to where Ctrl-O came back from.
    mutating func jumpForward() -> [Effect] {
        guard let ahead = navigation.popForward(current: screen == .article ? reading.map(here) : nil) else {
            message = .info("No later place to go forward to (Ctrl-O goes back)")
            return []
        }
        return go(to: ahead, back: false)
    }

    mutating func go(to place: JumpPosition, back: Bool) -> [Effect] {
        if reading?.index != place.article { return switchArticle(to: place.article, .jump(place, back: back)) }
        show(.article)
        return arrive(.jump(place, back: back), in: place.article)
    }

    /// The open article at a place jumped from.
    mutating func arriveBack(_ place: JumpPosition, back: Bool) {
        guard var r = reading else { return }
        r.topOffset = place.topOffset
        r.selectedMention = place.selection.flatMap { sel in r.mentions.firstIndex { $0.range == sel } }
        reading = r
        message = .info((back ? "Back to" : "Forward to") + " “\(corpus.articles[place.article].title)”")
    }
}
