/// Pages of a laid-out article: `linesPerPage` lines each, the last one possibly short.
public struct Pagination: Sendable, Equatable {
    public let layout: Layout
    public let linesPerPage: Int

    public init(layout: Layout, linesPerPage: Int) {
        self.layout = layout
        self.linesPerPage = max(1, linesPerPage)
    }

    public var pageCount: Int { max(1, (layout.lineCount + linesPerPage - 1) / linesPerPage) }

    /// Zero-based page holding a line.
    public func page(ofLine line: Int) -> Int { min(pageCount - 1, max(0, line) / linesPerPage) }

    /// Zero-based page holding a character offset.
    public func page(containing offset: Int) -> Int { page(ofLine: layout.line(containing: offset)) }

    public func firstLine(ofPage page: Int) -> Int { min(max(0, page), pageCount - 1) * linesPerPage }

    /// The offset of the first character at the top of a page.
    public func offset(atTopOfPage page: Int) -> Int {
        let line = firstLine(ofPage: page)
        return line < layout.lineCount ? layout.range(ofLine: line).lowerBound : layout.textCount
    }

    /// The first line of the last page: scrolling never goes past it.
    public var lastTopLine: Int { firstLine(ofPage: pageCount - 1) }
}
