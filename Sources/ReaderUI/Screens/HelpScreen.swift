import Library

/// Help: every binding of the key table as the user's keymap has it (`Keymap.table`), by section: keys, the action's name,
/// what it does (wrapped under itself when the window is narrow).
enum HelpView {
    static func lines(_ state: AppState) -> [(text: String, style: Style)] {
        var out: [(String, Style)] = []
        for (section, bindings) in state.settings.keymap.table {
            let names = bindings.map { Sanitizer.width($0.name) }.max() ?? 0
            out.append(("", .normal))
            out.append((section, .header))
            let keys = min(24, bindings.map { Sanitizer.width(keysText($0)) }.max() ?? 0)
            let indent = 2 + keys + 2 + names + 2
            for b in bindings {
                let k = keysText(b)
                var head = "  " + k + String(repeating: " ", count: max(2, keys + 2 - Sanitizer.width(k)))
                head += b.name + String(repeating: " ", count: names + 2 - Sanitizer.width(b.name))
                if Sanitizer.width(head) > indent {
                    out.append((head, .normal))
                    head = String(repeating: " ", count: indent)
                }
                for (i, line) in wrap(b.summary, width: max(10, state.size.columns - 2 - indent)).enumerated() {
                    out.append(((i == 0 ? head : String(repeating: " ", count: indent)) + line, .normal))
                }
            }
        }
        return out
    }

    static func keysText(_ b: KeyBinding) -> String { b.keyLabels.joined(separator: " ") }

    /// Words into lines of at most `width` cells; a longer word (a path, an address) is broken
    /// between its characters rather than cut off at the edge.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && Sanitizer.width(line) + 1 + Sanitizer.width(String(word)) > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
            if Sanitizer.width(line) > width {
                let pieces = LinksView.wrapped(line, room: width)
                lines += pieces.dropLast()
                line = pieces.last ?? ""
            }
        }
        return lines + [line]
    }

    static func draw(_ state: AppState, into grid: inout Grid) {
        PagerView.draw(state, into: &grid, title: " reader — keys", lines: lines(state), pager: state.help,
                       status: state.pagerHints)
    }
}

