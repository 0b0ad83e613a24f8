#if DEBUG
@testable import Library

/// The people detector and linker.
enum PeopleTarget {
    /// Input: up to four articles separated by 0x1E (any bytes).
    ///
    /// Detection ends (`-timeout` catches a scanner that stops advancing); mentions are sorted,
    /// disjoint, inside the text, their `text` exactly that slice, their fields consistent with
    /// their kind; the linked index keeps every person mention and survives serialisation.
    @Sendable static func run(_ data: UnsafeBufferPointer<UInt8>) {
        let texts = articles(Array(data)).map { ArticleText(utf8: $0) }
        var all: [[EntityMention]] = []
        for (a, text) in texts.enumerated() {
            let mentions = PeopleDetector.detect(text)
            var end = 0
            for m in mentions {
                check(m.start >= end && m.start < m.end && m.end <= text.count,
                      "article \(a): mention \(m.start)..<\(m.end) after \(end) in \(text.count)")
                end = m.end
                check(m.text == text.string(m.range), "article \(a): mention text \(shown(m.text)) is not its range \(m.range)")
                switch (m.kind, m.form) {
                case (.person, .candidate): check(m.local == -1, "candidate \(shown(m.text)) local \(m.local)")
                case (.person, .none): fail("person \(shown(m.text)) without a form")
                case (.person, _): check(m.local >= 0, "person \(shown(m.text)) has local \(m.local)")
                default: check(m.form == .none && m.local == -1, "\(m.kind) \(shown(m.text)) has form \(m.form), local \(m.local)")
                }
            }
            all.append(mentions)
        }

        let index = PeopleIndex.build(articleCount: texts.count, mentions: all)
        for (a, text) in texts.enumerated() {
            var end = 0
            for m in index.mentions(inArticle: a) {
                check(m.range.lowerBound >= end && !m.range.isEmpty && m.range.upperBound <= text.count,
                      "article \(a): indexed mention \(m.range) after \(end) in \(text.count)")
                check(m.person >= 0 && m.person < index.people.count, "mention of person \(m.person) of \(index.people.count)")
                check(all[a].contains { $0.kind == .person && $0.range == m.range }, "article \(a): indexed \(m.range) was not detected")
                end = m.range.upperBound
            }
        }
        var ids = Set<String>()
        for (p, person) in index.people.enumerated() {
            check(ids.insert(person.id).inserted && !person.id.isEmpty, "person id \(shown(person.id)) empty or repeated")
            check(person.mentionCount == index.mentions(of: p).count && person.mentionCount > 0, "\(shown(person.name)): mention count")
        }
        do {
            let back = try PeopleIndex(serialized: index.serialize(), articleCount: texts.count)
            check(back.serialize() == index.serialize(), "the people index does not survive serialisation")
            check(back.people.map(\.name) == index.people.map(\.name) && back.mentionCount == index.mentionCount,
                  "the people index reads back different")
        } catch {
            fail("the people index written does not read back: \(error)")
        }
    }
}
#endif
