import Foundation
import Library

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
        StatusLine.draw(state, into: &grid, left: said, right: status, leftMinimum: 0)
        if let note = reading.shownNote { NoteEditorView.drawNote(note, size: state.size, into: &grid) }
    }
}
