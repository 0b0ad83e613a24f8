import Foundation
import Library

/// The article screen: opening an article (its text read by the runner, placed where the reader
/// left off or where a jump goes), leaving it (its place saved), and `J`/`K` to the next one.
extension AppState {
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
        let firstPage = key(.top, .char("g"), in: .article).map { "\($0): first page" }
        let resumed = offset > 0 ? pageNumbers.map { "page \($0.page + 1)/\($0.count)" } : nil
        if let resumed {
            message = .info("Resumed at \(resumed), where you left off" + (firstPage.map { " (\($0))" } ?? ""))
        }
        let changed = "\(corpus.articles[index].path) changed on disk since loading: showing it as it is now"
            + (offset > 0 ? ", your place found again" : "")
        if loaded.changed { message = .info(changed) }
        if case .listed(let position, let said, let keys) = arrival {
            // One message, its key hints together at the end (a truncated line keeps them):
            // "Next article: “B” (2/3, at page 2/7 where you left off; g: first page)".
            let place = "\(position + 1)/\(formatCount(list.visible.count))"
            let hints = [keys, resumed == nil ? nil : firstPage].compactMap { $0 }
            message = .info(loaded.changed ? said + " (\(place)) — " + changed
                            : said + " (\(place)" + (resumed.map { ", at \($0) where you left off" } ?? "")
                              + (hints.isEmpty ? "" : "; " + hints.joined(separator: ", ")) + ")")
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
        case .listed(let position, _, _):
            list.selection = position
            clampList()
            // Said with its position and hints when the article was read (`articleLoaded`).
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
        let listKey = reading.map { positionKey(of: $0.index) } ?? key
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
        let listKey = positionKey(of: reading.index)
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
                message = .info("End of \(title), the last article in the list" + (backHint.map { " (\($0))" } ?? ""))
            } else {
                message = .info(forward ? "No next article: this is the last in the list" : "No previous article: this is the first in the list")
            }
            return []
        }
        let next = "“\(corpus.articles[order[position]].title)”"
        let said = atEnd ? "End of \(title): next article, \(next)" : "\(forward ? "Next" : "Previous") article: \(next)"
        let back = atEnd ? key(.previousArticle, .char("K"), in: .article).map { "\($0): back to it" } : nil
        return switchArticle(to: order[position], .listed(listPosition: position, message: said, keys: back))
    }
}
