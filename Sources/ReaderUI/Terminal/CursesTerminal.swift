import CNcurses
import Glibc
import Library
import Synchronization

/// The ncurses terminal. Everything ncurses-specific lives in this file.
public final class CursesTerminal: Terminal {
    public enum Failure: Error, CustomStringConvertible {
        case notATerminal(String)
        case unusableTerminal(String)
        public var description: String {
            switch self {
            case .notATerminal(let why), .unusableTerminal(let why): return why
            }
        }
    }

    private let screen: OpaquePointer
    private let output: UnsafeMutablePointer<FILE>
    private let input: UnsafeMutablePointer<FILE>
    private var ended = false
    private let colors: Bool
    private let palette: Palette
    /// Mouse reports asked for (the settings' `mouse`).
    private let mouse: Bool
    private var clicks = ClickTimer()
    private var pending: [Key] = []

    /// Whether reader can draw here: standard output a terminal, and a `TERM` that terminfo
    /// knows with cursor addressing. Nothing is written to the terminal by this check.
    public static func checkUsable() throws {
        guard isatty(STDOUT_FILENO) == 1 else {
            throw Failure.notATerminal("standard output is not a terminal; for plain output use 'reader list' (or 'reader list --json')")
        }
        let termName = getenv("TERM").map { String(cString: $0) } ?? ""
        if termName.isEmpty || termName == "dumb" {
            throw Failure.unusableTerminal("TERM=\(termName.isEmpty ? "(unset)" : termName) cannot show a full-screen reader; use 'reader list' for plain output")
        }
        switch reader_check_terminal(termName) {
        case 0: break
        case 1: throw Failure.unusableTerminal("unknown terminal type TERM=\(Sanitizer.clean(termName)); use 'reader list' for plain output, or set TERM (e.g. xterm-256color)")
        case 2: throw Failure.unusableTerminal("no terminfo database found for TERM=\(Sanitizer.clean(termName)); use 'reader list' for plain output")
        default: throw Failure.unusableTerminal("TERM=\(Sanitizer.clean(termName)) has no cursor addressing; use 'reader list' for plain output")
        }
    }

    /// Opens the terminal (after `checkUsable`).
    public init(noColor: Bool, palette: Palette = .standard, mouse: Bool = false) throws {
        try CursesTerminal.checkUsable()
        let termName = getenv("TERM").map { String(cString: $0) } ?? ""

        // UTF-8 output needs a UTF-8 locale; fall back to C.UTF-8 when the environment's is not.
        setlocale(LC_ALL, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }

        // Input from the terminal even when standard input is a pipe (as less does).
        var inputFile: UnsafeMutablePointer<FILE>? = nil
        if isatty(STDIN_FILENO) == 1 { inputFile = fdopen(dup(STDIN_FILENO), "r") } else { inputFile = fopen("/dev/tty", "r") }
        guard let inputFile else { throw Failure.notATerminal("cannot read keys: no terminal to read from (/dev/tty)") }
        guard let outputFile = fdopen(dup(STDOUT_FILENO), "w") else { throw Failure.notATerminal("cannot write to the terminal") }

        CursesTerminal.installSignalHandlers()
        var shellModes = termios()
        let hasShellModes = tcgetattr(fileno(inputFile), &shellModes) == 0
        guard let scr = newterm(nil, outputFile, inputFile) else {
            fclose(inputFile)
            fclose(outputFile)
            throw Failure.unusableTerminal("cannot initialise TERM=\(Sanitizer.clean(termName)); use 'reader list' for plain output")
        }
        screen = scr
        output = outputFile
        input = inputFile
        set_term(scr)
        StopSignals.chainResize()
        cbreak()
        noecho()
        nonl()
        intrflush(reader_stdscr(), false)
        keypad(reader_stdscr(), true)
        set_escdelay(40)
        curs_set(0)
        colors = !noColor && has_colors()
        self.palette = palette
        self.mouse = mouse
        if colors { setUpColors() }
        // Bracketed paste: pasted text arrives between ESC [200~ and ESC [201~.
        fputs("\u{1B}[?2004h", outputFile)
        if mouse {
            // ncurses turns reports on (and decodes them when terminfo's kmous is SGR's); 1006
            // is asked for in any case, and the SGR reports ncurses leaves are read below.
            reader_mouse(1)
            fputs(CursesTerminal.mouseOn, outputFile)
        }
        fflush(outputFile)
        startWatchdog(output: fileno(outputFile), input: fileno(inputFile), shellModes: hasShellModes ? shellModes : nil)
    }

    /// Should the loop not take a stop signal in time (busy with a long computation), the
    /// watchdog restores the terminal with the terminfo strings endwin would send and the tty
    /// modes from before ncurses, saves the reading position, and exits.
    private func startWatchdog(output: Int32, input: Int32, shellModes: termios?) {
        var restore = Array(("\u{1B}[?2004l" + (mouse ? CursesTerminal.mouseOff : "")).utf8)
        for name in ["rmkx", "sgr0", "cnorm", "rmcup"] {
            if let cap = tigetstr(name), Int(bitPattern: cap) != -1 {
                restore += Array(String(cString: cap).utf8)
            }
        }
        restore += Array("\r\n".utf8)
        let bytes = restore
        StopSignals.startWatchdog { signal in
            guard signal != SIGINT || EmergencyExit.interruptQuits else { return }
            bytes.withUnsafeBytes { _ = write(output, $0.baseAddress, $0.count) }
            if var modes = shellModes { tcsetattr(input, TCSANOW, &modes) }
            // Unread keys (the rest of a paste) must not reach the shell as a command line.
            tcflush(input, TCIFLUSH)
            EmergencyExit.savePosition()
            _exit(signal == SIGINT ? 0 : 128 + signal)
        }
    }

    deinit { end() }

    public func end() {
        guard !ended else { return }
        ended = true
        fputs("\u{1B}[?2004l", output)
        if mouse {
            reader_mouse(0)
            fputs(CursesTerminal.mouseOff, output)
        }
        fflush(output)
        curs_set(1)
        // Keys typed after quitting (the rest of a paste) are the reader's, not the shell's.
        flushinp()
        endwin()
        delscreen(screen)
        fclose(output)
        fclose(input)
    }

    static func installSignalHandlers() {
        // ncurses learns of resizes through SIGWINCH: make sure it is not blocked or ignored
        // (a parent may have left it so). Do not install a handler for it.
        signal(SIGWINCH, SIG_DFL)
        StopSignals.install()
        reader_install_fatal_handlers()
    }

    // MARK: Size and drawing

    public var size: Size {
        Size(rows: Int(reader_getmaxy(reader_stdscr())), columns: Int(reader_getmaxx(reader_stdscr())))
    }

    private enum Pair: Int16, CaseIterable {
        case header = 1, marker, error, notice, bookmark, person, personSelected, currentMatch
        case match0, match1, match2, match3, match4, match5
        case status
    }

    private func setUpColors() {
        start_color()
        use_default_colors()
        // The roles `config.toml` colours ([colors]); the standard palette gives the usual look.
        let standard = Palette.standard
        let names = palette[.names] ?? standard[.names]!, matches = palette[.matches] ?? standard[.matches]!
        let marks = palette[.marks] ?? standard[.marks]!
        let defs: [(Pair, Int16, Int16)] = [
            (.header, Int16(COLOR_CYAN), -1), (.marker, Int16(COLOR_MAGENTA), -1), (.error, Int16(COLOR_RED), -1),
            (.notice, Int16(COLOR_GREEN), -1), (.bookmark, marks.foreground, marks.background),
            (.person, names.foreground, names.background),
            (.personSelected, names.background < 0 ? Int16(COLOR_BLACK) : names.background, names.foreground),
            (.currentMatch, Int16(COLOR_BLACK), Int16(COLOR_WHITE)),
            (.match0, matches.foreground, matches.background), (.match1, Int16(COLOR_BLACK), Int16(COLOR_GREEN)),
            (.match2, Int16(COLOR_BLACK), Int16(COLOR_MAGENTA)), (.match3, Int16(COLOR_BLACK), Int16(COLOR_CYAN)),
            (.match4, Int16(COLOR_WHITE), Int16(COLOR_BLUE)), (.match5, Int16(COLOR_WHITE), Int16(COLOR_RED)),
        ]
        for (pair, fg, bg) in defs { init_pair(pair.rawValue, fg, bg) }
        if let status = palette[.status] { init_pair(Pair.status.rawValue, status.foreground, status.background) }
    }

    /// Attributes and colour pair for a style; without colours, attributes alone keep roles apart.
    private func attributes(_ style: Style) -> (attr_t, Int16) {
        let bold = reader_a_bold(), reverse = reader_a_reverse(), dim = reader_a_dim(), underline = reader_a_underline()
        if !colors {
            switch style {
            case .normal: return (0, 0)
            case .dim, .derived: return (dim, 0)
            case .bold, .title, .header, .notice, .error: return (bold, 0)
            case .selected, .status: return (reverse, 0)
            case .marker: return (underline | dim, 0)
            case .match: return (reverse, 0)
            case .currentMatch: return (reverse | bold | underline, 0)
            case .person, .bookmark: return (underline, 0)
            case .personSelected: return (underline | reverse, 0)
            case .rendered(let bits): return (rendered(bits), 0)
            }
        }
        switch style {
        case .normal: return (0, 0)
        case .dim: return (dim, 0)
        case .derived: return (dim, 0)
        case .bold, .title: return (bold, 0)
        case .header: return (bold, Pair.header.rawValue)
        case .selected: return (reverse, 0)
        case .status: return palette[.status] == nil ? (reverse, 0) : (0, Pair.status.rawValue)
        case .marker: return (bold, Pair.marker.rawValue)
        case .match(let n): return (0, Pair.match0.rawValue + Int16(((n % 6) + 6) % 6))
        case .currentMatch: return (bold, Pair.currentMatch.rawValue)
        case .person: return (bold, Pair.person.rawValue)
        case .personSelected: return (bold, Pair.personSelected.rawValue)
        case .error: return (bold, Pair.error.rawValue)
        case .notice: return (bold, Pair.notice.rawValue)
        case .bookmark: return (bold, Pair.bookmark.rawValue)
        case .rendered(let bits):
            // Code in the header colour when there are colours; the rest as attributes.
            return (rendered(bits), bits & Rendition.Attributes.code != 0 && bits & Rendition.Attributes.synthetic == 0 ? Pair.header.rawValue : 0)
        }
    }

    /// Terminal attributes for a rendered article's style bits (strikethrough has none: dim).
    private func rendered(_ bits: UInt8) -> attr_t {
        typealias A = Rendition.Attributes
        var a: attr_t = 0
        if bits & A.bold != 0 { a |= reader_a_bold() }
        if bits & A.italic != 0 { a |= reader_a_italic() }
        if bits & (A.underline | A.link) != 0 && bits & A.synthetic == 0 { a |= reader_a_underline() }
        if bits & (A.dim | A.strike) != 0 { a |= reader_a_dim() }
        return a
    }

    public func present(_ grid: Grid) {
        let screenSize = size
        let rows = min(grid.size.rows, screenSize.rows)
        let columns = min(grid.size.columns, screenSize.columns)
        var x = 0
        for y in 0..<rows {
            x = 0
            while x < columns {
                let cell = grid[y, x]
                if cell.text.isEmpty { x += 1; continue }   // right half of a wide character
                var width = 1
                while x + width < columns && grid[y, x + width].text.isEmpty { width += 1 }
                let (attr, pair) = attributes(cell.style)
                put(cell.text, y: y, x: x, width: width, attr: attr, pair: pair)
                x += width
            }
        }
        if let cursor = grid.cursor, cursor.row < rows, cursor.column < screenSize.columns {
            move(Int32(cursor.row), Int32(cursor.column))
            curs_set(1)
        } else {
            curs_set(0)
        }
        refresh()
    }

    /// Draws one grapheme cluster in `width` cells as ncurses cells: a spacing character plus the
    /// zero-width ones that follow. Whatever libc measures differently from reader (emoji
    /// sequences, flags) is trimmed or padded so the screen keeps reader's layout.
    private func put(_ text: String, y: Int, x: Int, width: Int, attr: attr_t, pair: Int16) {
        var cells: [[wchar_t]] = []
        var widths: [Int] = []
        let emoji = Sanitizer.isEmojiSequence(text.unicodeScalars)
        for scalar in text.unicodeScalars {
            let w = Int(reader_wcwidth(scalar.value))
            if w == 0 && cells.isEmpty { continue }   // nothing to join: ncurses would skip the cell (blanked below)
            if w == 0 {
                if scalar.value == 0x200D && emoji { break }   // the rest of a ZWJ sequence: show its first emoji
                if cells[cells.count - 1].count < 5 { cells[cells.count - 1].append(wchar_t(bitPattern: scalar.value)) }
            } else {
                let drawn = w < 0 ? 1 : max(w, 1)
                if widths.reduce(0, +) + drawn > width { break }
                cells.append([w < 0 ? wchar_t(0xFFFD) : wchar_t(bitPattern: scalar.value)])
                widths.append(drawn)
            }
        }
        var column = x
        for (chars, w) in zip(cells, widths) {
            var buffer = chars + [0]
            _ = buffer.withUnsafeMutableBufferPointer { reader_put_cell(Int32(y), Int32(column), $0.baseAddress, attr, pair) }
            column += w
        }
        var blank: [wchar_t] = [0x20, 0]
        while column < x + width {
            _ = blank.withUnsafeMutableBufferPointer { reader_put_cell(Int32(y), Int32(column), $0.baseAddress, attr, pair) }
            column += 1
        }
    }

    // MARK: Keys

    /// Button presses and the wheel (1000) reported as SGR (1006); and off again.
    static let mouseOn = "\u{1B}[?1000h\u{1B}[?1006h"
    static let mouseOff = "\u{1B}[?1006l\u{1B}[?1000l"

    /// A mouse report, a double click told from a click by its time.
    private func mouseKey(_ event: MouseEvent?) -> Key {
        guard let event else { return .unknown(0) }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return .mouse(clicks.resolve(event, at: Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000))
    }

    /// The report behind ncurses' KEY_MOUSE.
    private func cursesMouse() -> Key {
        var y: Int32 = 0, x: Int32 = 0
        switch reader_get_mouse(&y, &x) {
        case 1: return mouseKey(MouseEvent(.click, row: Int(y), column: Int(x)))
        case 4: return mouseKey(MouseEvent(.wheelUp, row: Int(y), column: Int(x)))
        case 5: return mouseKey(MouseEvent(.wheelDown, row: Int(y), column: Int(x)))
        default: return .unknown(Int(reader_key_mouse()))
        }
    }

    /// The wait for a key sleeps in poll(2) on the terminal and the stop signals' wake pipe: an
    /// idle reader wakes for a key, a resize (SIGWINCH interrupts the wait) or a signal, never
    /// on a timer of its own.
    public var wakesOnSignals: Bool { StopSignals.loopWakeDescriptor >= 0 }

    public func readKey(timeoutMilliseconds: Int) -> Key? {
        if !pending.isEmpty { return pending.removeFirst() }
        guard wakesOnSignals, timeoutMilliseconds != 0 else { return decodedKey(timeout: timeoutMilliseconds) }
        // What ncurses already holds (bytes pushed back, a resize noted) comes first.
        if let key = decodedKey(timeout: 0) { return key }
        var fds = [pollfd(fd: fileno(input), events: Int16(POLLIN), revents: 0),
                   pollfd(fd: StopSignals.loopWakeDescriptor, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&fds, 2, Int32(clamping: timeoutMilliseconds < 0 ? -1 : timeoutMilliseconds))
        if ready == 0 { return nil }
        if ready < 0 { return decodedKey(timeout: 0) }   // EINTR: a resize shows as KEY_RESIZE now
        if fds[1].revents != 0 {
            StopSignals.drainLoopWake()
            // A stop signal, or a resize (KEY_RESIZE is ready now).
            if fds[0].revents == 0 { return decodedKey(timeout: 0) }
        }
        // The first byte is there; the rest of a character or sequence follows at once.
        let key = decodedKey(timeout: 50)
        if key == nil, fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            // The terminal is gone (its pane or window closed, and no SIGHUP reached us, as
            // under a tracer): end as on a hangup rather than redraw into a dead terminal
            // forever — poll(2) returns at once on it and every read fails.
            StopSignals.process.raise(SIGHUP)
        }
        return key
    }

    private func decodedKey(timeout: Int) -> Key? {
        wtimeout(reader_stdscr(), Int32(timeout))
        guard let (code, isKey) = readRaw() else { return nil }
        if isKey { return Int32(code) == reader_key_mouse() ? cursesMouse() : functionKey(code) }
        if code == 27 { return escapeSequence() }
        return plainKey(code)
    }

    private func readRaw() -> (UInt32, Bool)? {
        var wc: wint_t = 0
        let r = wget_wch(reader_stdscr(), &wc)
        if r == ERR { return nil }
        return (UInt32(wc), r == KEY_CODE_YES)
    }

    private func functionKey(_ code: UInt32) -> Key {
        switch Int32(code) {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        default:
            for n in 1...12 where Int32(code) == reader_key_f(Int32(n)) { return .function(n) }
            return .unknown(Int(code))
        }
    }

    private func plainKey(_ code: UInt32) -> Key {
        switch code {
        case 13: return .enter
        case 10: return .ctrl("j")
        case 9: return .tab
        case 8, 127: return .backspace
        case 0: return .ctrl("@")
        case 1...26: return .ctrl(Character(Unicode.Scalar(code + 96)!))
        case 28...31: return .ctrl(Character(Unicode.Scalar(code + 64)!))
        default:
            guard let scalar = Unicode.Scalar(code) else { return .unknown(Int(code)) }
            return .char(Character(scalar))
        }
    }

    /// ESC alone is the Escape key; ESC [200~ starts a bracketed paste; other sequences the
    /// terminfo entry did not describe are swallowed whole.
    private func escapeSequence() -> Key {
        wtimeout(reader_stdscr(), 30)
        guard let (first, firstIsKey) = readRaw() else { return .escape }
        if firstIsKey { pending.append(functionKey(first)); return .escape }
        guard first == 0x5B || first == 0x4F else {   // "[" or "O"
            if first == 27 { pending.append(.escape); return .escape }
            if first == 13 || first == 10 { return .alt("\r") }
            guard let scalar = Unicode.Scalar(first), first >= 0x20 else { pending.append(plainKey(first)); return .escape }
            return .alt(Character(scalar))
        }
        var body = ""
        while let (c, isKey) = readRaw(), !isKey {
            body.unicodeScalars.append(Unicode.Scalar(c) ?? "?")
            if (0x40...0x7E).contains(c) && !(first == 0x5B && body.count == 1 && c == 0x5B) { break }
            if body.count > 16 { break }
        }
        if first == 0x5B && body == "200~" { return readPaste() }
        if first == 0x5B && body.hasPrefix("<") { return mouseKey(MouseEvent.sgr(body)) }
        if first == 0x5B && body == "M" {
            // An X10 report (a terminal without 1006): three bytes, each 32 more than its value.
            var bytes: [Int] = []
            while bytes.count < 3, let (c, isKey) = readRaw(), !isKey { bytes.append(Int(c) - 32) }
            guard bytes.count == 3 else { return .unknown(27) }
            return mouseKey(MouseEvent.report(button: bytes[0], row: bytes[2] - 1, column: bytes[1] - 1))
        }
        return .unknown(27)
    }

    private func readPaste() -> Key {
        wtimeout(reader_stdscr(), 500)
        // Scalars are collected in an array and the end marker checked on its last six: linear
        // in the paste (counting a String's scalars on every one made 200 kB take a minute).
        let endMarker: [Unicode.Scalar] = ["\u{1B}", "[", "2", "0", "1", "~"]
        var scalars: [Unicode.Scalar] = []
        while let (c, isKey) = readRaw() {
            if isKey { continue }
            scalars.append(Unicode.Scalar(c == 13 ? 10 : c) ?? "?")
            if c == 0x7E && scalars.count >= 6 && scalars[(scalars.count - 6)...].elementsEqual(endMarker) {
                scalars.removeLast(6)
                break
            }
            if scalars.count > 1_000_000 { break }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return .paste(text)
    }
}
