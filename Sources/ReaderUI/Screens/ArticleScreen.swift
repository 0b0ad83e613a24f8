import Foundation
import Library

/// An open article. The place is `topOffset`, the first character on screen: a character
/// offset into the article's text, never a row, so it survives resizes (and the layout is
/// rebuilt around it).
///
/// What is drawn is the article's rendition (Markdown and web pages rendered, plain text as it
/// is): its lines are display lines, and every offset kept here (the place, marks, mentions,
/// matches) is an offset of the text, mapped through the rendition to draw it.
public struct ReadingState: Equatable, Sendable {
    public let index: Int
    public let text: ArticleText
    /// The article as bookmarks name it (absolute path, hash of `text`).
    public let ref: ArticleRef
    /// The key its reading position is saved under.
    public let positionKey: String
    /// The article's structure (nil: plain text), kept to lay it out again at another width.
    let document: RenderDocument?
    /// The first character on screen.
    public internal(set) var topOffset: Int
    /// The display line last scrolled to, while it still starts at `topOffset`: lines the
    /// renderer made alone (a heading's underline, a blank line, a table rule) show no character
    /// of their own, so the offset alone would put the top on the line before them.
    var topLineHint: Int?
    /// The article as drawn at the current text width.
    public internal(set) var rendition: Rendition
    /// Its display lines.
    public var layout: Layout { rendition.layout }
    /// Where this article's bookmarks are (margin marks), in text order, and their notes.
    public internal(set) var marks: [Range<Int>] = []
    public internal(set) var markNotes: [String] = []
    /// Text to show selected until the next key (a bookmark just jumped to).
    public internal(set) var flash: Range<Int>?
    /// A bookmark's whole note, shown in a box until the next key (the bookmark just jumped to).
    public internal(set) var shownNote: String?
    /// The people named in this article, in text order (from the people index).
    public internal(set) var mentions: [PersonMention] = []
    /// The selected mention (Tab), an index into `mentions`.
    public internal(set) var selectedMention: Int?
    /// The search shown in this article: its matches (ranges of the text) and the current one.
    public internal(set) var search: ArticleSearch?
    /// Where the text starts after the headline (and the byline and chrome above or just below
    /// it): the header shows those, so they are drawn dimmed (pages still count from the top of
    /// the file, so page numbers and offsets stay those of the file).
    public internal(set) var bodyStart = 0

    public var selectedPerson: Int? { selectedMention.map { mentions[$0].person } }
    public var selectedRange: Range<Int>? { selectedMention.map { mentions[$0].range } }

    /// People in order of how often this article names them.
    public var peopleHere: [Int] {
        var counts: [Int: Int] = [:]
        var first: [Int: Int] = [:]
        for (i, m) in mentions.enumerated() {
            counts[m.person, default: 0] += 1
            if first[m.person] == nil { first[m.person] = i }
        }
        return counts.keys.sorted { (counts[$0]!, -first[$0]!) > (counts[$1]!, -first[$1]!) }
    }

    init(index: Int, loaded: LoadedArticle, format: Article.Format = .text, topOffset: Int, width: Int,
         options: RenderOptions = RenderOptions()) {
        self.index = index
        self.text = loaded.text
        self.ref = loaded.ref
        self.positionKey = loaded.positionKey
        self.topOffset = topOffset
        self.document = ArticleRendering.document(loaded.text, format: format)
        self.rendition = ArticleRendering.rendition(loaded.text, document: document, width: width, options: options)
    }

    /// Lays the article out again (another width, or another setting).
    mutating func relayout(width: Int, options: RenderOptions) {
        rendition = ArticleRendering.rendition(text, document: document, width: width, options: options)
    }
}

/// Where an article's parts go on screen for a window size.
public struct ArticleGeometry: Equatable, Sendable {
    public let size: Size
    /// Rows above the text: the title and the line under it.
    public let textTop: Int
    /// Text rows on screen (one page).
    public let textRows: Int
    /// Cells in a line of text.
    public let textWidth: Int
    /// Left edge of each page column (two in a spread).
    public let columnLefts: [Int]

    public init(size: Size, settings: AppState.Settings) {
        self.size = size
        textTop = size.rows >= 8 ? 2 : (size.rows >= 3 ? 1 : 0)
        textRows = max(1, size.rows - textTop - 1)
        let margin = size.columns >= 40 ? 2 : (size.columns >= 10 ? 1 : 0)
        let gap = 6
        let measure = settings.measure
        if settings.spread && size.columns >= 2 * measure + gap + 2 * margin {
            textWidth = measure
            let total = 2 * measure + gap
            let left = (size.columns - total) / 2
            columnLefts = [left, left + measure + gap]
        } else {
            textWidth = max(1, min(measure, size.columns - 2 * margin))
            columnLefts = [max(0, (size.columns - textWidth) / 2)]
        }
    }

    public var isSpread: Bool { columnLefts.count == 2 }
    /// Lines on screen at once: a page, or two in a spread.
    public var linesOnScreen: Int { textRows * columnLefts.count }
    /// Below this, the reader says the terminal is too small instead of drawing.
    public var tooSmall: Bool { size.rows < 3 || size.columns < 12 }
}

extension AppState {
    public var geometry: ArticleGeometry { ArticleGeometry(size: size, settings: settings) }

    /// Pages of the open article at the current size.
    public var pagination: Pagination? {
        reading.map { Pagination(layout: $0.layout, linesPerPage: geometry.textRows) }
    }

    /// The first line on screen: the line holding `topOffset`, kept within the last page.
    public var topLine: Int {
        guard let reading, let pagination else { return 0 }
        var line = reading.rendition.line(containingSource: reading.topOffset)
        if let hint = reading.topLineHint, hint < reading.layout.lineCount, hint != line,
           reading.rendition.sourceOffset(atLine: hint) == reading.topOffset {
            line = hint
        }
        return min(line, pagination.lastTopLine)
    }

    /// The last line on screen (of the right page in a spread).
    var bottomLine: Int {
        guard let reading else { return 0 }
        return max(0, min(reading.layout.lineCount - 1, topLine + geometry.linesOnScreen - 1))
    }

    /// The pages on screen, zero-based — the top line's (`page`) to the bottom line's (`last`) —
    /// and the page count. With `percentRead`, one definition: what is on screen. After a resize
    /// the top line may be inside a page: then two pages show, and both are named.
    public var pageNumbers: (page: Int, last: Int, count: Int)? {
        guard let pagination else { return nil }
        return (pagination.page(ofLine: topLine), pagination.page(ofLine: bottomLine), pagination.pageCount)
    }

    /// How much has been read: the lines up to the bottom of the screen (so it lies within the
    /// last page `pageNumbers` names).
    public var percentRead: Int {
        guard let reading else { return 0 }
        let lines = reading.layout.lineCount
        guard lines > 0 else { return 100 }
        return min(100, (bottomLine + 1) * 100 / lines)
    }

    /// Opens an article: its text is read by the runner (`Effect.loadArticle`) and comes back
    /// as `.articleLoaded`, placed as `arrival` says.
    func openArticle(_ index: Int, _ arrival: Arrival) -> [Effect] {
        [.loadArticle(index, then: arrival)]
    }

    /// From the open article (its place saved) to another one.
    mutating func switchArticle(to index: Int, _ arrival: Arrival) -> [Effect] {
        leaveArticle() + openArticle(index, arrival)
    }

    /// An article's text, as its file is now: a file changed since loading is shown as it is now
    /// and said so; one deleted or unreadable is an error on the status line, and the reader
    /// stays where it was. Then the place `arrival` names is shown.
    mutating func articleLoaded(_ index: Int, _ result: Result<LoadedArticle, Corpus.TextError>, _ arrival: Arrival) -> [Effect] {
        let loaded: LoadedArticle
        switch result {
        case .failure(let error):
            message = .error(error.description)
            return []
        case .success(let l): loaded = l
        }
        if case .range = arrival, let r = reading, r.index == index, r.text == loaded.text {
            // The article open below (a jump to it from the people panel or the concordance),
            // unchanged on disk: as it was.
            show(.article)
            return arrive(arrival, in: index)
        }
        let article = corpus.articles[index]
        let bodyStart = AppState.bodyStart(of: loaded.text, title: article.titleIsDerived ? nil : article.title, author: article.author)
        var offset = 0
        if arrival.resumes, let saved = savedPositions[loaded.positionKey] { offset = saved.resolve(in: loaded.text) }
        var r = ReadingState(index: index, loaded: loaded, format: corpus.articles[index].format, topOffset: offset,
                             width: geometry.textWidth, options: settings.renderOptions)
        r.bodyStart = bodyStart
        r.mentions = validMentions(index, loaded.text)
        if find.highlighting, let query = find.last { r.search = search(query, in: r) }
        reading = r
        show(.article)
        refreshMarks()
        if offset > 0, let pages = pageNumbers {
            message = .info("Resumed at page \(pages.page + 1)/\(pages.count), where you left off (g: first page)")
        }
        if loaded.changed {
            message = .info("\(corpus.articles[index].path) changed on disk since loading: showing it as it is now"
                            + (offset > 0 ? ", your place found again" : ""))
        }
        return arrive(arrival, in: index)
    }

    /// Where the body of a text starts: after the line holding its headline (`title`, nil when
    /// the title was made from the opening words), and a byline naming `author` just below it,
    /// and the blank lines after them; 0 when the headline is not among the first lines.
    static func bodyStart(of text: ArticleText, title: String?, author: String?) -> Int {
        guard let title else { return 0 }
        let titleKey = Folding.key(title)
        guard !titleKey.isEmpty else { return 0 }
        let s = text.scalars
        var i = 0, lines = 0, end = 0
        var titleFound = false
        while i < s.count && lines < 40 {
            var j = i
            while j < s.count && s[j] != "\n" && j - i < 400 { j += 1 }
            let line = String(String.UnicodeScalarView(s[i..<j]))
            while j < s.count && s[j] != "\n" { j += 1 }
            lines += 1
            let key = Folding.key(line.drop { "#> \t\u{FEFF}".contains($0) })
            if !key.isEmpty {
                if !titleFound, key == titleKey || (key.count > titleKey.count && title.count >= Metadata.maxTitleLength && key.hasPrefix(titleKey)) {
                    titleFound = true
                    end = j
                } else if titleFound, let author, key.count <= 100, key.contains(Folding.key(author)) {
                    end = j
                } else if titleFound {
                    break
                }
            }
            i = j + 1
        }
        guard titleFound else { return 0 }
        var start = end
        while start < s.count && s[start].properties.isWhitespace { start += 1 }
        return start < s.count ? start : 0
    }

    /// The open article (`index`) shown at the place `arrival` names.
    mutating func arrive(_ arrival: Arrival, in index: Int) -> [Effect] {
        guard reading?.index == index, screen == .article else { return [] }
        switch arrival {
        case .resume, .start: return []
        case .range(let range, let said): arriveAt(range, message: said)
        case .match(let forward, let position): arriveAtMatch(forward: forward, listPosition: position)
        case .firstMatch: arriveAtFirstMatch()
        case .listed(let position, let said):
            list.selection = position
            clampList()
            message = .info(said + (message.map { " — " + $0.text } ?? ""))
        case .bookmark(let b): arriveAtBookmark(b)
        case .jump(let place, let back): arriveBack(place, back: back)
        }
        return []
    }

    /// The people index's mentions of an article, checked against its text as read now (a file
    /// edited since loading keeps only the mentions still where they were).
    func validMentions(_ index: Int, _ text: ArticleText) -> [PersonMention] {
        people.mentions(inArticle: index).filter { m in
            guard m.range.upperBound <= text.count else { return false }
            let found = Folding.key(text.string(m.range))
            let person = people.people[m.person]
            return person.aliases.contains { Folding.key($0) == found } || Folding.key(person.name) == found
        }
    }

    /// Leaves the article (to the list, or quitting), saving where the reader was.
    mutating func leaveArticle() -> [Effect] {
        guard let (key, position) = placeToSave else { return [] }
        savedPositions[key] = position
        let listKey = reading.map { positionKeyByArticle[$0.index] } ?? key
        readProgress[listKey] = position.read
        readSequence[listKey] = readSequence.count + 1
        return [.savePosition(key: key, position: position)]
    }

    /// Where the open article is being read, as the positions file keeps it (its time is
    /// stamped where it is saved: a reducer reads no clock).
    var placeToSave: (key: String, position: SavedPosition)? {
        guard let reading else { return nil }
        let offset = reading.rendition.sourceOffset(atLine: topLine)
        // What was seen (to the bottom of the screen, as the status line says) goes with the
        // top of the screen: the list's read mark is the same after a restart. Finished stays
        // finished (until marked unread by hand).
        let listKey = positionKeyByArticle[reading.index]
        let read = readProgress[listKey] == 100 ? 100 : percentRead
        return (reading.positionKey, SavedPosition(offset: offset, in: reading.text, time: 0, read: read))
    }

    /// `J`, `K`: the article `count` after (before) the open one in the list as it is shown
    /// (filtered, sorted), where the reader left off; the list's cursor follows. An article not
    /// in the list (opened by a jump) counts from the list's cursor. `atEnd`: `Space` on the
    /// last page (said so, as mutt does).
    mutating func stepArticle(forward: Bool, count: Int, atEnd: Bool = false) -> [Effect] {
        guard let r = reading else { return [] }
        let order = list.visible
        let title = "“\(corpus.articles[r.index].title)”"
        let here = order.firstIndex(of: r.index) ?? (forward ? list.selection - 1 : list.selection + 1)
        let position = forward ? here + count : here - count
        guard order.indices.contains(position) else {
            if atEnd {
                message = .info("End of \(title), the last article in the list (q: back)")
            } else {
                message = .info(forward ? "No next article: this is the last in the list" : "No previous article: this is the first in the list")
            }
            return []
        }
        let next = "“\(corpus.articles[order[position]].title)”"
        let said = atEnd
            ? "End of \(title): next article, \(next) (\(position + 1)/\(formatCount(order.count)); K: back to it)"
            : "\(forward ? "Next" : "Previous") article: \(next) (\(position + 1)/\(formatCount(order.count)))"
        return switchArticle(to: order[position], .listed(listPosition: position, message: said))
    }

    /// After a resize or a settings change: lay the text out again for the new width; the
    /// first character on screen stays on screen.
    mutating func relayout() {
        clampList()
        guard var r = reading else { return }
        let width = geometry.textWidth
        if r.layout.width != width {
            r.relayout(width: width, options: settings.renderOptions)
            r.topLineHint = nil
        }
        reading = r
    }

    mutating func scroll(toLine line: Int) {
        guard var r = reading, let pagination else { return }
        let clamped = max(0, min(line, pagination.lastTopLine))
        r.topOffset = r.rendition.sourceOffset(atLine: min(clamped, r.layout.lineCount - 1))
        r.topLineHint = min(clamped, r.layout.lineCount - 1)
        reading = r
    }

    mutating func goToPage(_ n: Int) {
        guard let pagination else { return }
        if n > pagination.pageCount {
            message = .error("There are only \(pagination.pageCount) pages")
        }
        scroll(toLine: pagination.firstLine(ofPage: min(n, pagination.pageCount) - 1))
    }

    mutating func applyArticle(_ action: Action, count: Int?) -> [Effect] {
        guard reading != nil, let pagination else { return [] }
        let geometry = self.geometry
        let top = topLine
        let screenLines = geometry.linesOnScreen
        let n = count ?? 1
        switch action {
        case .back:
            let effects = leaveArticle()
            goBack()
            return effects
        case .links: return showLinks(count: count)
        case .nextArticle: return stepArticle(forward: true, count: n)
        case .previousArticle: return stepArticle(forward: false, count: n)
        case .readOn:
            guard top >= pagination.lastTopLine else {
                scroll(toLine: top + screenLines * n)
                return []
            }
            return stepArticle(forward: true, count: 1, atEnd: true)
        case .lineDown: scroll(toLine: top + n)
        case .lineUp: scroll(toLine: top - n)
        case .pageDown:
            if top >= pagination.lastTopLine { message = .info("End of the article (q: back to the list)") }
            scroll(toLine: top + screenLines * n)
        case .pageUp: scroll(toLine: top - screenLines * n)
        case .halfPageDown: scroll(toLine: top + max(1, geometry.textRows / 2) * n)
        case .halfPageUp: scroll(toLine: top - max(1, geometry.textRows / 2) * n)
        case .top:
            if let count { goToPage(count) } else { scroll(toLine: 0) }
        case .bottom:
            if let count { goToPage(count) } else { scroll(toLine: pagination.lastTopLine) }
        case .goToPagePrompt:
            prompt = Prompt(kind: .goToPage)
        case .bookmarkHere:
            return bookmarkHere()
        case .selectNextMention: selectMention(forward: true)
        case .selectPreviousMention: selectMention(forward: false)
        case .nextMention: return jumpToMention(forward: true, count: n)
        case .previousMention: return jumpToMention(forward: false, count: n)
        case .searchForward: prompt = Prompt(kind: .search(forward: true))
        case .searchBackward: prompt = Prompt(kind: .search(forward: false))
        case .nextMatch: return stepMatch(sameDirection: true)
        case .previousMatch: return stepMatch(sameDirection: false)
        case .toggleSpread:
            settings.spread.toggle()
            relayout()
            // In a window too narrow for two pages nothing changes on screen: say what S did.
            var spread = settings
            spread.spread = true
            if !ArticleGeometry(size: size, settings: spread).isSpread {
                message = .info("Two pages \(settings.spread ? "on" : "off"): they need a window at least \(2 * settings.measure + 10) columns wide")
            }
        default:
            break
        }
        return []
    }
}

/// Draws an open article: title, the text in one or two page columns, and a status line with
/// the page number and how much has been read.
enum ArticleView {
    static func draw(_ state: AppState, into grid: inout Grid) {
        guard let reading = state.reading else { return }
        let article = state.corpus.articles[reading.index]
        let geometry = state.geometry
        let width = state.size.columns

        // The header stays within the text column (both columns of a spread), cut with `…`.
        let left = geometry.columnLefts[0]
        let right = min(width, geometry.columnLefts.last! + geometry.textWidth)
        if geometry.textTop > 0 {
            var x = grid.put(article.title, row: 0, column: left, style: article.titleIsDerived ? .derived : .title,
                             limit: max(1, right - left))
            if let author = article.author, x + 8 < right {
                x = grid.put("  by ", row: 0, column: x, style: .dim)
                grid.put(author, row: 0, column: x, style: .dim, limit: right - x)
            }
        }

        if geometry.textTop > 1 {
            let here = reading.peopleHere
            if !here.isEmpty {
                var x = grid.put("With ", row: 1, column: left, style: .dim, limit: max(1, right - left))
                for (k, person) in here.enumerated() {
                    let name = state.people.people[person].name
                    let separator = k > 0 ? ", " : ""
                    let more = k + 1 < here.count
                    // Room for this name, and for ", …" after it when more follow; else "…".
                    if x + separator.count + Sanitizer.width(name) + (more ? 3 : 0) > right {
                        let room = right - x
                        if room >= separator.count + 4 {
                            x = grid.put(separator, row: 1, column: x, style: .dim)
                            let selected = person == reading.selectedPerson
                            grid.put(name + (more ? ", …" : ""), row: 1, column: x, style: selected ? .personSelected : .person,
                                     limit: right - x)
                        } else if room >= 1 {
                            grid.put(k > 0 ? String(", …".suffix(room)) : "…", row: 1, column: x, style: .dim, limit: room)
                        }
                        break
                    }
                    x = grid.put(separator, row: 1, column: x, style: .dim)
                    let selected = person == reading.selectedPerson
                    x = grid.put(name, row: 1, column: x, style: selected ? .personSelected : .person)
                }
            }
        }

        let top = state.topLine
        let layout = reading.layout
        var highlights = Highlights(reading)
        for (columnIndex, left) in geometry.columnLefts.enumerated() {
            for row in 0..<geometry.textRows {
                let line = top + columnIndex * geometry.textRows + row
                guard line < layout.lineCount else { break }
                let rendition = reading.rendition
                let pieces = Sanitizer.pieces(rendition.display, range: layout.range(ofLine: line), startColumn: 0)
                // Highlights are ranges of the text: each piece asks about the text it shows.
                var last = Int.min
                grid.put(pieces: pieces, row: geometry.textTop + row, column: left, limit: geometry.textWidth) { piece in
                    let bits = rendition.attributes(at: piece.offset)
                    if bits & Rendition.Attributes.synthetic == 0 {
                        let source = rendition.sourceOffset(ofDisplay: piece.offset)
                        if source < last || last == Int.min { highlights.start(at: source) }
                        last = source
                        if let style = highlights.style(at: source) { return style }
                    }
                    if piece.isMarker { return .marker }
                    return bits == 0 ? .normal : .rendered(bits)
                }
                let range = rendition.sourceRange(ofLine: line)
                if left >= 2, reading.marks.contains(where: { $0.lowerBound < range.upperBound && ($0.upperBound > range.lowerBound || $0.lowerBound >= range.lowerBound) }) {
                    grid.put("▍", row: geometry.textTop + row, column: left - 2, style: .bookmark)
                }
            }
        }

        var status = ""
        if let pages = state.pageNumbers {
            status = pages.last > pages.page ? "pages \(pages.page + 1)-\(pages.last + 1)/\(pages.count)" : "page \(pages.page + 1)/\(pages.count)"
            status += "  \(state.percentRead)% "
        }
        if let search = reading.search { status = search.counter + "  " + status }
        // A marked place on screen: its note on the status line, whole as far as it fits.
        let screen = state.screenRange
        var said = " " + article.title
        if let k = reading.marks.firstIndex(where: { screen.contains($0.lowerBound) }), !reading.markNotes[k].isEmpty {
            said = " ▍ " + reading.markNotes[k].split(whereSeparator: \.isNewline).joined(separator: " / ")
        }
        StatusLine.draw(state, into: &grid, left: said, right: status)
        if let note = reading.shownNote { NoteEditorView.drawNote(note, size: state.size, into: &grid) }
    }
}

extension RandomAccessCollection {
    /// The first index whose element satisfies `predicate`, for a collection where it holds
    /// from some point on (binary search).
    func partitioningIndex(where predicate: (Element) -> Bool) -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let mid = index(low, offsetBy: half)
            if predicate(self[mid]) {
                count = half
            } else {
                low = index(after: mid)
                count -= half + 1
            }
        }
        return low
    }
}
