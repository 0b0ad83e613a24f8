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
    public internal(set) var index: Int
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
            message = .error(pagination.pageCount == 1 ? "There is only 1 page" : "There are only \(pagination.pageCount) pages")
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
            if top >= pagination.lastTopLine { message = .info("End of the article" + (backHint.map { " (\($0))" } ?? "")) }
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
