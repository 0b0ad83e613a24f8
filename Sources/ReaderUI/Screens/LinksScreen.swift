import Foundation
import Library

extension AppState {
    /// `L`: the open article's links, numbered as the text shows them; `3L` opens link 3.
    mutating func showLinks(count: Int?) -> [Effect] {
        guard let reading else { return [] }
        let links = reading.document?.links ?? []
        guard let count else {
            if links.isEmpty { message = .info("This article has no links"); return [] }
            show(.links)
            linksPage = PagerState()
            return []
        }
        guard let link = links.first(where: { $0.number == count }) else {
            let lister = key(.links, .char("L"), in: KeyContext(self)).map { "; \($0) lists them" } ?? ""
            message = .error(links.isEmpty ? "This article has no links" : "There is no link \(count) (links 1-\(links.count)\(lister))")
            return []
        }
        guard Self.isOpenable(link.url) else {
            message = .error("Link \(count) was not opened: its address holds control characters or spaces")
            return []
        }
        message = .info("Opening link \(count): " + link.url)
        return [.openLink(url: link.url)]
    }

    /// A URL handed to a browser must be one word of printable characters (no control
    /// characters, no spaces, nothing a terminal or a program's argument parsing would act on).
    static func isOpenable(_ url: String) -> Bool {
        !url.isEmpty && !url.hasPrefix("-") && url.unicodeScalars.allSatisfy { s in
            s.value > 0x20 && s.value != 0x7F && !(0x80...0x9F).contains(s.value) && !Sanitizer.needsMarker(s.value)
        }
    }
}

/// The links page: number, text and address of each link of the open article.
enum LinksView {
    static func lines(_ state: AppState) -> [(text: String, style: Style)] {
        let links = state.reading?.document?.links ?? []
        var out: [(String, Style)] = [("", .normal), ("Links (\(formatCount(links.count)))", .header)]
        for link in links {
            out.append(("  [\(link.number)] " + link.text, .normal))
            // The whole address, wrapped: this page is the one place to read it.
            for piece in wrapped(link.url, room: state.size.columns - 7) { out.append(("      " + piece, .dim)) }
        }
        return out
    }

    /// `text` cut into pieces of at most `room` cells (as the sanitiser draws them), between
    /// characters: an address has no spaces to break at.
    static func wrapped(_ text: String, room: Int) -> [String] {
        let room = max(8, room)
        var pieces: [String] = []
        var piece = ""
        var used = 0
        for character in text {
            let w = Sanitizer.width(String(character))
            if used + w > room && !piece.isEmpty {
                pieces.append(piece)
                piece = ""
                used = 0
            }
            piece.append(character)
            used += w
        }
        if !piece.isEmpty || pieces.isEmpty { pieces.append(piece) }
        return pieces
    }

    static func draw(_ state: AppState, into grid: inout Grid) {
        PagerView.draw(state, into: &grid, title: " reader — links", lines: lines(state), pager: state.linksPage,
                       status: (state.key(.links, .char("L"), in: .pager).map { " 3\($0): open link 3  " } ?? "") + state.pagerHints)
    }
}

/// Starts the browser on a URL: `$BROWSER` (a program name or path, run as it is), else
/// `xdg-open`; directly with `posix_spawnp`, never through a shell, its output to /dev/null so
/// nothing lands on the reader's screen. The URL must already be `AppState.isOpenable`.
enum LinkOpener {
    /// nil when started; else what went wrong, in a line.
    static func open(_ url: String, environment: [String: String]) -> String? {
        guard AppState.isOpenable(url) else { return "Not opened: the address holds control characters or spaces" }
        let program = environment["BROWSER"].flatMap { $0.isEmpty ? nil : $0 } ?? "xdg-open"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(program), strdup(url), nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let status = posix_spawnp(&pid, program, &actions, nil, argv, environ)
        guard status == 0 else { return "Could not start \(program): \(String(cString: strerror(status)))" }
        // Reaped when it ends, so no zombie stays behind.
        let child = pid
        DispatchQueue.global().async { var s: Int32 = 0; waitpid(child, &s, 0) }
        return nil
    }
}
