/// Markdown's part of an article's title and author: front matter, the first heading, inline markup cleaned.
extension Metadata {
    /// Reads and removes front matter (YAML `---` … `---` or TOML `+++` … `+++`), returning its
    /// title, author and date (as written).
    static func frontMatter(_ lines: inout [String]) -> (title: String?, author: String?, date: String?, consumed: Int) {
        // YAML (`---`, `key: value`) or TOML (`+++`, `key = "value"`).
        guard let opener = lines.first?.trimmingSpaces, opener == "---" || opener == "+++" else { return (nil, nil, nil, 0) }
        var title: String?
        var author: String?
        var date: String?
        for i in 1..<lines.count {
            let line = lines[i].trimmingSpaces
            if line == opener || (opener == "---" && line == "...") {
                lines.removeFirst(i + 1)
                return (title, author, date, i + 1)
            }
            guard let colon = line.firstIndex(of: opener == "+++" ? "=" : ":") else { continue }
            let key = line[..<colon].trimmingSpaces.lowercased()
            var value = line[line.index(after: colon)...].trimmingSpaces
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
            }
            if value.isEmpty { continue }
            if key == "title" && title == nil { title = value }
            if (key == "author" || key == "authors" || key == "by") && author == nil { author = value }
            if (key == "date" || key == "published" || key == "pubdate" || key == "publishdate") && date == nil { date = value }
        }
        return (nil, nil, nil, 0)   // never closed: not front matter
    }

    /// The first level-one heading: `# Title` or a line underlined with `===`.
    static func markdownHeading(_ lines: [String]) -> String? {
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingSpaces
            if line.hasPrefix("# ") {
                var heading = String(line.dropFirst(2))
                while heading.hasSuffix("#") { heading.removeLast() }
                let cleaned = cleanInline(heading.trimmingSpaces)
                if !cleaned.isEmpty { return clip(cleaned, to: maxTitleLength) }
            }
            if i > 0, !line.isEmpty, line.allSatisfy({ $0 == "=" }), !lines[i - 1].trimmingSpaces.isEmpty {
                return clip(cleanInline(lines[i - 1].trimmingSpaces), to: maxTitleLength)
            }
        }
        return nil
    }

    /// A Markdown line without its block syntax (headings, quotes, list bullets); images and
    /// HTML comments become empty.
    static func markdownLineContent(_ line: String) -> String {
        if line.hasPrefix("![") || line.hasPrefix("<!--") || line.hasPrefix("<") { return "" }
        if line.allSatisfy({ "-*_=# ".contains($0) }) { return "" }   // rules and underlines
        var s = Substring(line)
        while let f = s.first, f == "#" || f == ">" { s = s.dropFirst().drop(while: { $0 == " " }) }
        if s.hasPrefix("- ") || s.hasPrefix("* ") || s.hasPrefix("+ ") { s = s.dropFirst(2) }
        return String(s)
    }

    /// Inline Markdown removed, as the line reads rendered (`MarkdownInline`), spaces collapsed.
    static func cleanInline(_ text: String) -> String {
        collapseSpaces(MarkdownInline.plainText(text))
    }
}
