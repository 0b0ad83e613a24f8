import Library

/// The one way text is cut to fit: at a whole character, ending in `…` so the cut shows, and —
/// for messages — keeping a key hint at the end whole (`(Ctrl-O back)`, `: quit again to lose
/// it, any other key to stay`), cutting the words before it instead. `Grid.put` cuts with it.
enum Truncation {
    /// `text` sanitised, in at most `width` cells.
    static func fit(_ text: String, width: Int, keepingHint: Bool = false) -> [Sanitizer.Piece] {
        let pieces = Sanitizer.pieces(text)
        guard pieces.reduce(0, { $0 + $1.width }) > width else { return pieces }
        guard width > 1 else { return cut(pieces, to: width, ellipsis: false) }
        if keepingHint, let hintStart = hintStart(text) {
            let hint = Sanitizer.pieces(String(text[hintStart...]))
            let hintWidth = hint.reduce(0) { $0 + $1.width }
            // Room for the hint and a few characters of what it is about.
            if hintWidth + 6 <= width {
                return cut(Sanitizer.pieces(String(text[..<hintStart])), to: width - hintWidth, ellipsis: true) + hint
            }
        }
        return cut(pieces, to: width, ellipsis: true)
    }

    /// The same, as the text drawn.
    static func fitted(_ text: String, width: Int, keepingHint: Bool = false) -> String {
        fit(text, width: width, keepingHint: keepingHint).map(\.text).joined()
    }

    static let ellipsis = Sanitizer.Piece(text: "…", width: 1, isMarker: false, offset: 0)

    /// The first `width` cells (the last one `…` with `ellipsis`), no blanks before the `…`. A
    /// piece of plain text is cut between its characters; a marker (`^[`) is kept whole or not.
    static func cut(_ pieces: [Sanitizer.Piece], to width: Int, ellipsis: Bool) -> [Sanitizer.Piece] {
        let room = ellipsis ? width - 1 : width
        var kept: [Sanitizer.Piece] = []
        var used = 0
        for p in pieces {
            if used + p.width <= room {
                kept.append(p)
                used += p.width
                continue
            }
            if !p.isMarker {
                var part = ""
                for ch in p.text {
                    let w = Sanitizer.width(String(ch))
                    if used + w > room { break }
                    part.append(ch)
                    used += w
                }
                if !part.isEmpty { kept.append(Sanitizer.Piece(text: part, width: Sanitizer.width(part), isMarker: false, offset: p.offset)) }
            }
            break
        }
        guard ellipsis else { return kept }
        while let last = kept.last, !last.isMarker, last.text.last == " " {
            kept.removeLast()
            let trimmed = String(last.text.reversed().drop { $0 == " " }.reversed())
            if !trimmed.isEmpty { kept.append(Sanitizer.Piece(text: trimmed, width: Sanitizer.width(trimmed), isMarker: false, offset: last.offset)) }
        }
        return kept + [Self.ellipsis]
    }

    /// Where a key hint at the end of a message starts: a last parenthesised group (with the
    /// space before it), else the clause after a last `: ` when it names keys ("key", "again",
    /// "Ctrl-" in it).
    static func hintStart(_ text: String) -> String.Index? {
        if text.hasSuffix(")"), let open = text.range(of: " (", options: .backwards) { return open.lowerBound }
        guard let colon = text.range(of: ": ", options: .backwards) else { return nil }
        let clause = text[colon.upperBound...]
        guard clause.contains("key") || clause.contains("again") || clause.contains("Ctrl-") else { return nil }
        return colon.lowerBound
    }
}
