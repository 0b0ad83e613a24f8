import Foundation
import Library

/// The article screen: `m` bookmarks the current place (a note editor opens for it).
extension AppState {
    /// `m`: a new bookmark at the current place, once its note is written.
    mutating func bookmarkHere() -> [Effect] {
        guard let reading else { return [] }
        guard !bookmarkStatus.readOnly else {
            // In a box that keeps the keys until closed: a note typed after `m` must not run
            // as commands.
            alert = Alert(heading: "Cannot bookmark", text: readOnlyMessage)
            message = .error(readOnlyMessage)
            return []
        }
        let range = currentSelection ?? {
            // The first words on screen (skipping blank lines).
            var start = reading.rendition.sourceOffset(atLine: topLine)
            let s = reading.text.scalars
            while start < s.count, s[start].properties.isWhitespace { start += 1 }
            return Bookmark.defaultRange(in: reading.text, at: start)
        }()
        let title = corpus.articles[reading.index].title
        noteEditing = NoteEditing(target: .new(article: reading.index, range: range), editor: NoteEditor(),
                                  heading: "Bookmark — " + title)
        return []
    }

    /// The text the user has selected in the article (a mention or a search match), if any.
    var currentSelection: Range<Int>? { reading?.selectedRange ?? currentMatchOnScreen }
}
